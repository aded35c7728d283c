// TCPPing: the time a TCP connection to `port` (default 80) takes to be accepted, `pings` per
// round, one second apart, each waiting at most 3 s: what the tcpping script measured with
// tcptraceroute (SYN to SYN/ACK). We complete the handshake with connect() and close at once;
// the SYN/ACK arrives at the same moment either way. A refused port (RST) is a lost ping.
// Private to src/probes.
#pragma once

#include "forked_probe.hpp"

namespace smokeping::probes {

class TcpPingProbe final : public ForkedProbe {
 public:
  TcpPingProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
               ForkedEnvironment env = {});

 protected:
  std::vector<results::Rtt> ping_target(const TargetJob& job) override;
  std::chrono::microseconds ping_timeout(const TargetVars& vars) const override;
};

}  // namespace smokeping::probes
