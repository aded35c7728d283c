// Variables of the modules that measure all targets of a round in one run (base, basevars):
// `pings` is a probe variable. Included only by probe_catalog.cpp.
#pragma once

#include "probe_vars_common.hpp"

namespace smokeping::config::probe_catalog_detail {

// Shared by FPing, FPing6 and RemoteFPing (2.9.0 added it to FPing, the others inherit it).
inline constexpr ProbeVarSpec kFPingFwmark{.name = "fwmark",
                                           .kind = kP,
                                           .re = R"(\d+|0x[0-9a-zA-Z]+)",
                                           .check = &fping_fwmark,
                                           .since = Since::v2_9_only};

// DismanPing (based on basevars)
inline constexpr ProbeVarSpec kDismanPingVars[] = {
    kOffset,
    {.name = "pings", .kind = kP, .default_value = "15", .re = R"(\d+)", .check = &disman_pings},
    kStep,
    kInflux,
    {.name = "ownerindex", .kind = kT},
    {.name = "packetsize",
     .kind = kT,
     .default_value = "56",
     .re = R"(\d+)",
     .check = &disman_packetsize},
    {.name = "pinghost", .kind = kT, .mandatory = true},
    {.name = "pingsrc", .kind = kT},
};

// FPing (based on base)
inline constexpr ProbeVarSpec kFPingVars[] = {
    {.name = "binary", .kind = kP, .mandatory = true, .check = &fping_binary},
    {.name = "blazemode", .kind = kP, .re = "(true|false)"},
    kFPingFwmark,
    {.name = "hostinterval", .kind = kP, .re = R"((\d*\.)?\d+)"},
    {.name = "interface", .kind = kP, .since = Since::v2_9_only},
    {.name = "mininterval", .kind = kP, .default_value = "0.01", .re = R"((\d*\.)?\d+)"},
    kOffset,
    {.name = "packetsize", .kind = kP, .re = R"(\d+)", .check = &fping_packetsize},
    kProbePings,
    // 2.9.0 dropped this default; we keep 2.7.3's '4' because we replace Debian's 2.7.3, whose
    // users' configs (and stored probe sections) rely on `protocol = 4` being filled in.
    {.name = "protocol", .kind = kP, .default_value = "4", .re = "(4|6)"},
    {.name = "sourceaddress", .kind = kP, .re = R"(\d+(\.\d+){3})"},
    kStep,
    {.name = "timeout", .kind = kP, .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kP, .re = R"(\d+|0x[0-9a-zA-Z]+)"},
    {.name = "usestdout", .kind = kP, .re = "(true|false)"},
    kInflux,
};

// FPing6 (based on FPing)
inline constexpr ProbeVarSpec kFPing6Vars[] = {
    {.name = "binary", .kind = kP, .mandatory = true, .check = &fping_binary},
    {.name = "blazemode", .kind = kP, .re = "(true|false)"},
    kFPingFwmark,
    {.name = "hostinterval", .kind = kP, .re = R"((\d*\.)?\d+)"},
    {.name = "interface", .kind = kP, .since = Since::v2_9_only},
    {.name = "mininterval", .kind = kP, .default_value = "0.01", .re = R"((\d*\.)?\d+)"},
    kOffset,
    {.name = "packetsize", .kind = kP, .re = R"(\d+)", .check = &fping_packetsize},
    kProbePings,
    // FPing6 sets '6' itself in both versions, so 2.9.0's change to FPing does not reach it.
    {.name = "protocol", .kind = kP, .default_value = "6", .re = "(4|6)"},
    {.name = "sourceaddress", .kind = kP, .re = "[0-9A-Fa-f:.]+"},
    kStep,
    {.name = "timeout", .kind = kP, .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kP, .re = R"(\d+|0x[0-9a-zA-Z]+)"},
    {.name = "usestdout", .kind = kP, .re = "(true|false)"},
    kInflux,
};

// FPingContinuous (based on base)
inline constexpr ProbeVarSpec kFPingContinuousVars[] = {
    {.name = "binary", .kind = kP, .mandatory = true, .check = &fping_binary},
    {.name = "hostinterval", .kind = kP, .re = R"((\d*\.)?\d+)"},
    kOffset,
    {.name = "packetsize", .kind = kP, .re = R"(\d+)", .check = &fping_packetsize},
    kProbePings,
    {.name = "sourceaddress", .kind = kP, .re = R"(\d+(\.\d+){3})"},
    kStep,
    {.name = "timeout", .kind = kP, .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kP, .re = R"(\d+|0x[0-9a-zA-Z]+)"},
    {.name = "usestdout", .kind = kP, .re = "(true|false)"},
    kInflux,
};

// NFSping (based on base)
inline constexpr ProbeVarSpec kNFSpingVars[] = {
    {.name = "binary", .kind = kP, .mandatory = true, .check = &nfsping_binary},
    {.name = "blazemode", .kind = kP, .re = "(true|false)"},
    {.name = "hostinterval", .kind = kP, .re = R"((\d*\.)?\d+)"},
    {.name = "mininterval", .kind = kP, .default_value = "0.01", .re = R"((\d*\.)?\d+)"},
    kOffset,
    kProbePings,
    kStep,
    {.name = "tcp", .kind = kP, .re = "(true|false)"},
    {.name = "timeout", .kind = kP, .re = R"((\d*\.)?\d+)"},
    kInflux,
};

// RemoteFPing (based on FPing)
inline constexpr ProbeVarSpec kRemoteFPingVars[] = {
    // The local remote-shell program (ssh, rsh).
    {.name = "binary", .kind = kP, .mandatory = true, .check = &binary_executable_bit},
    {.name = "blazemode", .kind = kP, .re = "(true|false)"},
    kFPingFwmark,
    {.name = "hostinterval", .kind = kP, .re = R"((\d*\.)?\d+)"},
    {.name = "interface", .kind = kP, .since = Since::v2_9_only},
    {.name = "mininterval", .kind = kP, .default_value = "0.01", .re = R"((\d*\.)?\d+)"},
    kOffset,
    {.name = "packetsize", .kind = kP, .re = R"(\d+)", .check = &fping_packetsize},
    kProbePings,
    // Inherited from FPing: 2.7.3's default kept, as for FPing.
    {.name = "protocol", .kind = kP, .default_value = "4", .re = "(4|6)"},
    // fping on the remote host: its file cannot be tested here, hence no check.
    {.name = "rbinary", .kind = kP, .mandatory = true},
    {.name = "rhost", .kind = kP, .mandatory = true},
    {.name = "rport", .kind = kP},
    {.name = "ruser", .kind = kP},
    {.name = "sourceaddress", .kind = kP, .re = R"(\d+(\.\d+){3})"},
    kStep,
    {.name = "timeout", .kind = kP, .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kP, .re = R"(\d+|0x[0-9a-zA-Z]+)"},
    {.name = "usestdout", .kind = kP, .re = "(true|false)"},
    kInflux,
};

}  // namespace smokeping::config::probe_catalog_detail
