// Building blocks of the probe variable tables (probe_vars_*.hpp), which are included only by
// probe_catalog.cpp. Each table lists the union of SmokePing 2.7.3 and 2.9.0, probe variables
// first, then target variables, each group sorted by name as in
// spec/config-probe-vars-*.txt. Patterns are the original's text (config.md Appendix A).
#pragma once

#include "probe_checks.hpp"
#include "smokeping/config/probe_catalog.hpp"

namespace smokeping::config::probe_catalog_detail {

inline constexpr ProbeVarKind kP = ProbeVarKind::probe;
inline constexpr ProbeVarKind kT = ProbeVarKind::target;

inline constexpr std::string_view kOffsetError =
    "Use offset either in % of operation interval or 'random'";

// Variables that every module, or every module of a family, declares identically.
inline constexpr ProbeVarSpec kStep{.name = "step", .kind = kP, .re = R"(\d+)"};
inline constexpr ProbeVarSpec kOffset{
    .name = "offset", .kind = kP, .re = R"((\d+%|random))", .re_error = kOffsetError};
// `pings` is a probe variable of the non-fork modules and a target variable of the fork ones.
inline constexpr ProbeVarSpec kProbePings{
    .name = "pings", .kind = kP, .re = R"(\d+)", .check = &checks::pings_at_least_3};
inline constexpr ProbeVarSpec kTargetPings{
    .name = "pings", .kind = kT, .re = R"(\d+)", .check = &checks::pings_at_least_3};
inline constexpr ProbeVarSpec kForks{
    .name = "forks", .kind = kP, .default_value = "5", .re = R"(\d+)"};
inline constexpr ProbeVarSpec kForkTimeout{
    .name = "timeout", .kind = kP, .default_value = "5", .re = R"(\d+)"};
// InfluxDB tags (2.9.0): any variable named influx_<something>, any value.
inline constexpr ProbeVarSpec kInflux{
    .name = "/influx_.+/", .kind = kT, .re = ".*", .since = Since::v2_9_only};
inline constexpr ProbeVarSpec kEchoPingBinary{.name = "binary",
                                              .kind = kP,
                                              .default_value = "/usr/bin/echoping",
                                              .check = &binary_executable_bit};

}  // namespace smokeping::config::probe_catalog_detail
