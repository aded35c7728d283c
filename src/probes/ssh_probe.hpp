// SSH and AnotherSSH, in-process. Private to src/probes.
//
// SSH (the original timed `ssh-keyscan -t keytype -p port host`): connect, read the server's
// version line, send ours, and read the server's first binary packet (its KEXINIT). Difference:
// ssh-keyscan went on through the key exchange (a Diffie-Hellman round trip and the host key);
// we stop at its start, so no `keytype` is negotiated and our time lacks the server's key
// computation (about a millisecond on loopback) and ssh-keyscan's process start.
//
// AnotherSSH (as the original): connect, wait for the server's version line, send `greeting`
// and wait for the server to answer or close (it calls the greeting a protocol mismatch).
// `interval` picks connect → version line, greeting → answer (established, the default), or
// connect → answer (complete). One try every `mininterval` seconds, each step within `timeout`.
#pragma once

#include "forked_probe.hpp"

namespace smokeping::probes {

class SshProbe final : public ForkedProbe {
 public:
  SshProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
           ForkedEnvironment env = {});

 protected:
  std::vector<results::Rtt> ping_target(const TargetJob& job) override;

 private:
  bool another_;
};

}  // namespace smokeping::probes
