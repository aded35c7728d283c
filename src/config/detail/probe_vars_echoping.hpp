// Variables of the EchoPing family (fork-based, one echoping(1) run per target). Included only
// by probe_catalog.cpp.
#pragma once

#include "probe_vars_common.hpp"

namespace smokeping::config::probe_catalog_detail {

// EchoPing (based on basefork)
inline constexpr ProbeVarSpec kEchoPingVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "extraopts", .kind = kT},
    {.name = "fill", .kind = kT, .re = "."},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    kTargetPings,
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "size", .kind = kT, .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "udp", .kind = kT},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
};

// EchoPingChargen (based on EchoPing)
inline constexpr ProbeVarSpec kEchoPingChargenVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "extraopts", .kind = kT},
    {.name = "fill", .kind = kT, .re = "."},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    kTargetPings,
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "size", .kind = kT, .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
};

// EchoPingDNS (based on EchoPingPlugin)
inline constexpr ProbeVarSpec kEchoPingDNSVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "dns_request", .kind = kT, .mandatory = true},
    {.name = "dns_tcp", .kind = kT},
    {.name = "dns_type", .kind = kT, .default_value = "A"},
    {.name = "extraopts", .kind = kT},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    kTargetPings,
    {.name = "plugin", .kind = kT, .default_value = "dns"},
    {.name = "pluginargs", .kind = kT},
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
};

// EchoPingDiscard (based on EchoPing)
inline constexpr ProbeVarSpec kEchoPingDiscardVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "extraopts", .kind = kT},
    {.name = "fill", .kind = kT, .re = "."},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    kTargetPings,
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "size", .kind = kT, .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "udp", .kind = kT},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
};

// EchoPingHttp (based on EchoPing)
inline constexpr ProbeVarSpec kEchoPingHttpVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "accept_redirects", .kind = kT},
    {.name = "extraopts", .kind = kT},
    {.name = "ignore_cache", .kind = kT},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    kTargetPings,
    {.name = "port", .kind = kT, .re = R"(\d+)"},
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "revalidate_data", .kind = kT},
    {.name = "timeout", .kind = kT, .default_value = "10", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "url", .kind = kT, .default_value = "/"},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
};

// EchoPingHttps (based on EchoPingHttp)
inline constexpr ProbeVarSpec kEchoPingHttpsVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "accept_redirects", .kind = kT},
    {.name = "extraopts", .kind = kT},
    {.name = "ignore_cache", .kind = kT},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    kTargetPings,
    {.name = "port", .kind = kT, .re = R"(\d+)"},
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "prot", .kind = kT, .default_value = "443"},
    {.name = "revalidate_data", .kind = kT},
    {.name = "timeout", .kind = kT, .default_value = "10", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "url", .kind = kT, .default_value = "/"},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
};

// EchoPingIcp (based on EchoPing)
inline constexpr ProbeVarSpec kEchoPingIcpVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "extraopts", .kind = kT},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    kTargetPings,
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "url", .kind = kT, .mandatory = true},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
};

// EchoPingLDAP (based on EchoPingPlugin)
inline constexpr ProbeVarSpec kEchoPingLDAPVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "extraopts", .kind = kT},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    {.name = "ldap_base", .kind = kT},
    {.name = "ldap_request", .kind = kT},
    {.name = "ldap_scope", .kind = kT},
    kTargetPings,
    {.name = "plugin", .kind = kT, .default_value = "ldap"},
    {.name = "pluginargs", .kind = kT},
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
};

// EchoPingPlugin (based on EchoPing)
inline constexpr ProbeVarSpec kEchoPingPluginVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "extraopts", .kind = kT},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    kTargetPings,
    {.name = "plugin", .kind = kT, .mandatory = true},
    {.name = "pluginargs", .kind = kT},
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
};

// EchoPingSmtp (based on EchoPing)
inline constexpr ProbeVarSpec kEchoPingSmtpVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "extraopts", .kind = kT},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    kTargetPings,
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
};

// EchoPingWhois (based on EchoPingPlugin)
inline constexpr ProbeVarSpec kEchoPingWhoisVars[] = {
    kEchoPingBinary,
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "extraopts", .kind = kT},
    {.name = "ipversion", .kind = kT, .re = "[46]"},
    kTargetPings,
    {.name = "plugin", .kind = kT, .default_value = "whois"},
    {.name = "pluginargs", .kind = kT},
    {.name = "priority", .kind = kT, .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"((\d*\.)?\d+)"},
    {.name = "tos", .kind = kT},
    {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
    {.name = "whois_request", .kind = kT, .mandatory = true},
};

}  // namespace smokeping::config::probe_catalog_detail
