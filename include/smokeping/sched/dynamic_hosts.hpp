// DYNAMIC hosts (config.md §6.3): `host = DYNAMIC/<md5>` nodes whose address is whatever the
// host last reported to smokeping.cgi, kept in `<dyndir>/<path>.adr` (web-and-rrd.md §1.5, §2.2).
// The master probes that address and stores, as the `uptime` column, how long ago it changed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/results/measurement.hpp"
#include "smokeping/sched/filter.hpp"

namespace smokeping::sched {

// "<dyndir>/<rel_path>", the name of the node's files without ".adr" (dyndir defaults to
// datadir).
std::string dynamic_file_base(const config::General& general, const config::TargetNode& node);

// Where a host's SNMP agent is asked (SNMP_util's defaults; tests change them).
struct SnmpCheck {
  std::uint16_t port = 161;
  std::chrono::milliseconds timeout{1000};  // per attempt; one retry
};

// The address in the first line of <base>.adr; nullopt when the file is missing, unreadable,
// or holds anything but an IPv4 or IPv6 literal (never a name to resolve or an fping option).
// When <base>.snmp exists, the address counts only while its SNMP agent still gives the
// identity in that file (someone else may have the address now); that question blocks for up
// to 2 * snmp.timeout when nobody answers, as the original's does.
std::optional<std::string> reported_address(const config::General& general,
                                            const config::TargetNode& node,
                                            const SnmpCheck& snmp = {});

// Seconds since <base>.adr was last written (now - mtime), nullopt when there is no file: the
// `uptime` the original stores for DYNAMIC hosts.
std::optional<std::int64_t> address_age(const config::General& general,
                                        const config::TargetNode& node, std::int64_t now);

// Completes a round of `probe` for its DYNAMIC hosts the master polls (not nomasterpoll,
// admitted by `filter`). A measured host gets its uptime; a host that was not probed, having
// reported no address yet, gets a Measurement without replies at `now`, so its RRD row says
// every ping was lost, as the original's does.
void complete_dynamic_round(const config::Config& config, const std::string& probe,
                            const TargetFilter& filter,
                            std::vector<results::Measurement>& measurements, std::int64_t now);

}  // namespace smokeping::sched
