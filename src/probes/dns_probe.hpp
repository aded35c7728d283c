// DNS (the original ran dig) and AnotherDNS (the original used Net::DNS), both timing one DNS
// query per ping in-process. Private to src/probes.
#pragma once

#include "forked_probe.hpp"

namespace smokeping::probes {

// DNS: what `dig @server lookup` measures. Each ping is a fresh UDP socket and an A query with
// recursion desired; like dig (+time=5 +tries=3) a query unanswered after 5 s is sent again,
// at most 3 times, and the time is that of the attempt answered. Any answer counts, NXDOMAIN
// and SERVFAIL included, as dig prints a query time for those too. `server` defaults to the
// host, `lookup` to the host.
class DigDnsProbe final : public ForkedProbe {
 public:
  DigDnsProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
              ForkedEnvironment env = {});

 protected:
  std::vector<results::Rtt> ping_target(const TargetJob& job) override;
};

// AnotherDNS: one socket per target and round to the host on `port` (`protocol` udp or tcp,
// `ipversion`), a query of `recordtype` for `lookup` every `mininterval` seconds, each waiting
// `timeout` seconds. An answer counts only if it passes `authoritative` (AA bit; the query then
// asks no recursion), `require_noerror`, `require_nxdomain`, `require_answers` and
// `expect_text` (a substring of one answer record as dig prints it).
class AnotherDnsProbe final : public ForkedProbe {
 public:
  AnotherDnsProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
                  ForkedEnvironment env = {});

 protected:
  std::vector<results::Rtt> ping_target(const TargetJob& job) override;
};

}  // namespace smokeping::probes
