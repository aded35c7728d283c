// The EchoPing family: the original ran echoping(1) (`-n pings`, one try every `waittime`
// seconds, default 1, each bounded by `timeout`); we do each try in-process and time it the
// same way, from before the connection to the end of the exchange:
//   EchoPing         echo (tcp/7, or udp with `udp`): `size` bytes (default 256) of `fill`
//                    sent, the same bytes read back
//   EchoPingDiscard  discard (9): `size` bytes written (tcp: and the connection closed)
//   EchoPingChargen  chargen (tcp/19): `size` bytes read
//   EchoPingHttp(s)  GET of `url` (HTTP/1.0) from host:`port` (80 / 443, TLS not verified, as
//                    echoping did), the whole answer read; a status other than 2xx (3xx with
//                    `accept_redirects`) is lost. A `url` with a scheme is asked of host:port as
//                    a proxy. `ignore_cache` sends Pragma/Cache-Control no-cache,
//                    `revalidate_data` Cache-Control max-age=0. Timed by libcurl.
//   EchoPingSmtp     smtp (25): the greeting read, QUIT sent, its answer read
//   EchoPingWhois    whois (43): `whois_request` sent, the answer read to the end
//   EchoPingDNS      a `dns_type` query for `dns_request` (tcp with `dns_tcp`)
// `tos` and `priority` set IP_TOS and SO_PRIORITY; `extraopts` (echoping flags) cannot be
// honoured in-process and is logged once per target. EchoPingLDAP, EchoPingIcp and
// EchoPingPlugin are not supported by this build. Private to src/probes.
#pragma once

#include <mutex>
#include <set>

#include "forked_probe.hpp"
#include "net_connection.hpp"

namespace smokeping::probes {

enum class EchoKind { echo, discard, chargen, http, https, smtp, whois, dns };

// nullopt for the modules we cannot run.
std::optional<EchoKind> echo_kind_of(std::string_view module);

class EchoPingProbe final : public ForkedProbe {
 public:
  EchoPingProbe(const config::ProbeInstance& instance, EchoKind kind,
                std::shared_ptr<spdlog::logger> log, ForkedEnvironment env = {});

 protected:
  std::vector<results::Rtt> ping_target(const TargetJob& job) override;

 private:
  // One try; ok, or why it is lost.
  NetResult try_stream(const TargetJob& job, const PeerAddress& peer,
                       NetConnection::Deadline deadline) const;
  NetResult try_http(const TargetJob& job, const std::string& address,
                     NetConnection::Deadline deadline) const;
  NetResult try_dns(const TargetJob& job, const PeerAddress& peer,
                    NetConnection::Deadline deadline) const;

  EchoKind kind_;
  std::mutex noted_mutex_;
  std::set<std::string> noted_;  // targets whose extraopts were logged; guarded by noted_mutex_
};

}  // namespace smokeping::probes
