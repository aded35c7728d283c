// Variables of the modules that measure all targets of a round in one run (base, basevars):
// `pings` is a probe variable. Included only by probe_catalog.cpp.
#pragma once

#include "probe_vars_common.hpp"

namespace smokeping::config::probe_catalog_detail {

// Shared by FPing, FPingContinuous and NFSping, which pass them to fping or nfsping alike.
inline constexpr ProbeVarSpec kBlazemode{.name = "blazemode", .kind = kP, .re = "(true|false)"};
inline constexpr ProbeVarSpec kHostinterval{
    .name = "hostinterval", .kind = kP, .re = R"((\d*\.)?\d+)"};
inline constexpr ProbeVarSpec kFPingMininterval{
    .name = "mininterval", .kind = kP, .default_value = "0.01", .re = R"((\d*\.)?\d+)"};
inline constexpr ProbeVarSpec kFPingTimeout{.name = "timeout", .kind = kP, .re = R"((\d*\.)?\d+)"};

// What FPing and FPingContinuous (each based on base) both hand to fping.
inline constexpr auto kFPingCommonVars = extend(
    kBaseVars, {
                   {.name = "binary", .kind = kP, .mandatory = true, .check = &fping_binary},
                   kHostinterval,
                   {.name = "packetsize", .kind = kP, .re = R"(\d+)", .check = &fping_packetsize},
                   kIPv4SourceAddress,
                   kFPingTimeout,
                   {.name = "tos", .kind = kP, .re = R"(\d+|0x[0-9a-zA-Z]+)"},
                   {.name = "usestdout", .kind = kP, .re = "(true|false)"},
               });

// DismanPing (based on basevars)
inline constexpr auto kDismanPingVars = [] {
  auto vars = extend(kBaseVars, {
                                    {.name = "ownerindex", .kind = kT},
                                    {.name = "packetsize",
                                     .kind = kT,
                                     .default_value = "56",
                                     .re = R"(\d+)",
                                     .check = &disman_packetsize},
                                    {.name = "pinghost", .kind = kT, .mandatory = true},
                                    {.name = "pingsrc", .kind = kT},
                                });
  ProbeVarSpec& pings = at(vars, "pings");
  pings.default_value = "15";
  pings.check = &disman_pings;
  return vars;
}();

// FPing (based on base)
inline constexpr auto kFPingVars =
    extend(kFPingCommonVars,
           {
               kBlazemode,
               // 2.9.0 added it; FPing6 and RemoteFPing inherit it.
               {.name = "fwmark",
                .kind = kP,
                .re = R"(\d+|0x[0-9a-zA-Z]+)",
                .check = &fping_fwmark,
                .since = Since::v2_9_only},
               {.name = "interface", .kind = kP, .since = Since::v2_9_only},
               kFPingMininterval,
               // 2.9.0 dropped this default; we keep 2.7.3's '4' because we replace Debian's 2.7.3,
               // whose users' configs (and stored probe sections) rely on `protocol = 4` being
               // filled in. RemoteFPing inherits it, as in the original.
               {.name = "protocol", .kind = kP, .default_value = "4", .re = "(4|6)"},
           });

// FPing6 (based on FPing)
inline constexpr auto kFPing6Vars = [] {
  auto vars = kFPingVars;
  // FPing6 sets '6' itself in both versions, so 2.9.0's change to FPing does not reach it.
  at(vars, "protocol").default_value = "6";
  at(vars, "sourceaddress").re = "[0-9A-Fa-f:.]+";
  return vars;
}();

// FPingContinuous (based on base)
inline constexpr const auto& kFPingContinuousVars = kFPingCommonVars;

// NFSping (based on base)
inline constexpr auto kNFSpingVars = extend(
    kBaseVars, {
                   {.name = "binary", .kind = kP, .mandatory = true, .check = &nfsping_binary},
                   kBlazemode,
                   kHostinterval,
                   kFPingMininterval,
                   {.name = "tcp", .kind = kP, .re = "(true|false)"},
                   kFPingTimeout,
               });

// RemoteFPing (based on FPing)
inline constexpr auto kRemoteFPingVars = [] {
  auto vars = extend(kFPingVars, {
                                     // fping on the remote host: its file cannot be tested here.
                                     {.name = "rbinary", .kind = kP, .mandatory = true},
                                     {.name = "rhost", .kind = kP, .mandatory = true},
                                     {.name = "rport", .kind = kP},
                                     {.name = "ruser", .kind = kP},
                                 });
  // The local remote-shell program (ssh, rsh).
  at(vars, "binary") = kExecutableBinary;
  return vars;
}();

}  // namespace smokeping::config::probe_catalog_detail
