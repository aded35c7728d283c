// Variables of the EchoPing family (fork-based, one echoping(1) run per target). Included only
// by probe_catalog.cpp.
#pragma once

#include "probe_vars_common.hpp"

namespace smokeping::config::probe_catalog_detail {

// EchoPing (based on basefork): `timeout` is a target variable, and takes fractions.
inline constexpr auto kEchoPingVars = [] {
  auto vars = extend(timeout_per_target(kBaseforkVars, "5"),
                     {
                         {.name = "binary",
                          .kind = kP,
                          .default_value = "/usr/bin/echoping",
                          .check = &binary_executable_bit},
                         {.name = "extraopts", .kind = kT},
                         {.name = "fill", .kind = kT, .re = "."},
                         {.name = "ipversion", .kind = kT, .re = "[46]"},
                         {.name = "priority", .kind = kT, .re = R"(\d+)"},
                         {.name = "size", .kind = kT, .re = R"(\d+)"},
                         {.name = "tos", .kind = kT},
                         {.name = "udp", .kind = kT},
                         {.name = "waittime", .kind = kT, .re = R"(\d+(?:\.\d+)?)"},
                     });
  at(vars, "timeout").re = R"((\d*\.)?\d+)";
  return vars;
}();

// EchoPingChargen (based on EchoPing)
inline constexpr auto kEchoPingChargenVars = without(kEchoPingVars, {"udp"});

// EchoPingDiscard (based on EchoPing): nothing of its own.
inline constexpr const auto& kEchoPingDiscardVars = kEchoPingVars;

// EchoPing without `fill`, `size` and `udp`, which EchoPingHttp, EchoPingIcp, EchoPingPlugin and
// EchoPingSmtp each delete.
inline constexpr auto kEchoPingTrimmedVars = without(kEchoPingVars, {"fill", "size", "udp"});

// EchoPingSmtp (based on EchoPing)
inline constexpr const auto& kEchoPingSmtpVars = kEchoPingTrimmedVars;

// EchoPingHttp (based on EchoPing)
inline constexpr auto kEchoPingHttpVars = [] {
  auto vars = extend(kEchoPingTrimmedVars, {
                                               {.name = "accept_redirects", .kind = kT},
                                               {.name = "ignore_cache", .kind = kT},
                                               {.name = "port", .kind = kT, .re = R"(\d+)"},
                                               {.name = "revalidate_data", .kind = kT},
                                               {.name = "url", .kind = kT, .default_value = "/"},
                                           });
  at(vars, "timeout").default_value = "10";
  return vars;
}();

// EchoPingHttps (based on EchoPingHttp)
inline constexpr auto kEchoPingHttpsVars =
    extend(kEchoPingHttpVars, {{.name = "prot", .kind = kT, .default_value = "443"}});

// EchoPingIcp (based on EchoPing)
inline constexpr auto kEchoPingIcpVars =
    extend(kEchoPingTrimmedVars, {{.name = "url", .kind = kT, .mandatory = true}});

// EchoPingPlugin (based on EchoPing)
inline constexpr auto kEchoPingPluginVars =
    extend(kEchoPingTrimmedVars, {
                                     {.name = "plugin", .kind = kT, .mandatory = true},
                                     {.name = "pluginargs", .kind = kT},
                                 });

// A module based on EchoPingPlugin, which names its plugin: `plugin` gets that default and is
// no longer mandatory.
template <std::size_t M>
constexpr auto echoping_plugin(std::string_view plugin, const ProbeVarSpec (&own)[M]) {
  auto vars = extend(kEchoPingPluginVars, own);
  ProbeVarSpec& var = at(vars, "plugin");
  var.mandatory = false;
  var.default_value = plugin;
  return vars;
}

// EchoPingDNS (based on EchoPingPlugin)
inline constexpr auto kEchoPingDNSVars =
    echoping_plugin("dns", {
                               {.name = "dns_request", .kind = kT, .mandatory = true},
                               {.name = "dns_tcp", .kind = kT},
                               {.name = "dns_type", .kind = kT, .default_value = "A"},
                           });

// EchoPingLDAP (based on EchoPingPlugin)
inline constexpr auto kEchoPingLDAPVars =
    echoping_plugin("ldap", {
                                {.name = "ldap_base", .kind = kT},
                                {.name = "ldap_request", .kind = kT},
                                {.name = "ldap_scope", .kind = kT},
                            });

// EchoPingWhois (based on EchoPingPlugin)
inline constexpr auto kEchoPingWhoisVars =
    echoping_plugin("whois", {{.name = "whois_request", .kind = kT, .mandatory = true}});

}  // namespace smokeping::config::probe_catalog_detail
