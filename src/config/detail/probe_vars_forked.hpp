// Variables of the other fork-based modules (basefork, passwordchecker): `forks`, and `pings` as
// a target variable. Included only by probe_catalog.cpp.
#pragma once

#include "probe_vars_common.hpp"

namespace smokeping::config::probe_catalog_detail {

// Definitions that several unrelated modules declare alike.
inline constexpr ProbeVarSpec kExtraargs{.name = "extraargs", .kind = kT};
inline constexpr ProbeVarSpec kLocaladdr{.name = "localaddr", .kind = kT};
inline constexpr ProbeVarSpec kTargetMininterval{
    .name = "mininterval", .kind = kT, .default_value = "0.5", .re = R"((\d*\.)?\d+)"};
inline constexpr ProbeVarSpec kMinInterval{
    .name = "min_interval", .kind = kP, .default_value = "1", .re = R"((\d*\.)?\d+)"};
inline constexpr ProbeVarSpec kPassword{.name = "password", .kind = kT};
inline constexpr ProbeVarSpec kPort{.name = "port", .kind = kT, .re = R"(\d+)"};
inline constexpr ProbeVarSpec kSshPort{
    .name = "port", .kind = kT, .default_value = "22", .re = R"(\d+)"};
inline constexpr ProbeVarSpec kIoshost{.name = "ioshost", .kind = kT, .mandatory = true};
inline constexpr ProbeVarSpec kIosint{.name = "iosint", .kind = kT};
inline constexpr ProbeVarSpec kVrf{.name = "vrf", .kind = kT};

// The routers' ping size (IOSPing, OpenSSH*Ping, Telnet*Ping), with the module's default.
constexpr ProbeVarSpec router_packetsize_var(std::string_view default_value) {
  return {.name = "packetsize",
          .kind = kP,
          .default_value = default_value,
          .re = R"(\d+)",
          .check = &router_packetsize};
}

// The routers reached over a login session (OpenSSHEOSPing, OpenSSHJunOSPing, TelnetIOSPing,
// TelnetJunOSPing): each states its ping source.
inline constexpr auto kRouterLoginVars =
    extend(kBaseforkVars, {
                              {.name = "psource", .kind = kT},
                              {.name = "source", .kind = kT, .mandatory = true},
                          });

// AnotherCurl is a copy of Curl (each based on basefork); these are what they still share.
inline constexpr auto kCurlCommonVars = extend(
    timeout_per_target(kBaseforkVars, "10"),
    {
        {.name = "binary", .kind = kP, .default_value = "/usr/bin/curl", .check = &curl_binary},
        {.name = "agent", .kind = kT, .check = &curl_agent},
        kExtraargs,
        {.name = "extrare", .kind = kT, .default_value = "/ /", .check = &curl_extrare},
        {.name = "follow_redirects", .kind = kT, .default_value = "no", .re = "(yes|no)"},
        {.name = "include_redirects", .kind = kT, .default_value = "no", .re = "(yes|no)"},
        {.name = "insecure_ssl", .kind = kT},
        {.name = "interface", .kind = kT},
        {.name = "ssl2", .kind = kT},
        {.name = "urlformat", .kind = kT, .mandatory = true},
    });

// AnotherCurl (based on basefork)
inline constexpr auto kAnotherCurlVars =
    extend(kCurlCommonVars, {{.name = "write_out", .kind = kT}});

// AnotherDNS (based on basefork)
inline constexpr auto kAnotherDNSVars =
    extend(timeout_per_target(kBaseforkVars, "5"),
           {
               {.name = "authoritative", .kind = kT, .default_value = "0"},
               {.name = "expect_text", .kind = kT, .since = Since::v2_9_only},
               {.name = "ipversion", .kind = kT, .default_value = "4", .re = "[46]"},
               {.name = "lookup", .kind = kT},
               kTargetMininterval,
               {.name = "port", .kind = kT, .default_value = "53", .re = R"(\d+)"},
               {.name = "protocol", .kind = kT, .default_value = "udp", .re = "(udp|UDP|tcp|TCP)"},
               {.name = "recordtype", .kind = kT, .default_value = "A"},
               {.name = "require_answers", .kind = kT, .default_value = "0"},
               {.name = "require_noerror", .kind = kT, .default_value = "0"},
               {.name = "require_nxdomain",
                .kind = kT,
                .default_value = "0",
                .re = "[01]",
                .since = Since::v2_9_only},
           });

// AnotherSSH (based on basefork)
inline constexpr auto kAnotherSSHVars =
    extend(timeout_per_target(kBaseforkVars, "5"),
           {
               {.name = "greeting",
                .kind = kT,
                .default_value = "SSH-Latency-Measurement-Sorry-for-this-logmessage"},
               {.name = "interval",
                .kind = kT,
                .default_value = "established",
                .check = &another_ssh_interval},
               kTargetMininterval,
               kSshPort,
           });

// What the three CiscoRTTMon modules (each based on basefork) share.
inline constexpr auto kCiscoRTTMonVars =
    extend(timeout_per_target(kBaseforkVars, "15"), {kIoshost, kIosint});

// CiscoRTTMonDNS (based on basefork)
inline constexpr auto kCiscoRTTMonDNSVars =
    extend(kCiscoRTTMonVars, {{.name = "name", .kind = kT, .mandatory = true}});

// CiscoRTTMonEchoICMP (based on basefork)
inline constexpr auto kCiscoRTTMonEchoICMPVars =
    extend(kCiscoRTTMonVars, {
                                 {.name = "packetsize",
                                  .kind = kT,
                                  .default_value = "56",
                                  .re = R"(\d+)",
                                  .check = &cisco_echo_packetsize},
                                 {.name = "tos", .kind = kT, .default_value = "0"},
                                 kVrf,
                             });

// CiscoRTTMonTcpConnect (based on basefork)
inline constexpr auto kCiscoRTTMonTcpConnectVars = extend(
    kCiscoRTTMonVars, {
                          {.name = "port", .kind = kT, .default_value = "80", .re = R"(\d+)"},
                          {.name = "tos", .kind = kT, .default_value = "0", .re = R"(\d+)"},
                      });

// Curl (based on basefork)
inline constexpr auto kCurlVars =
    extend(kCurlCommonVars,
           {
               {.name = "expect", .kind = kT, .default_value = ""},
               {.name = "require_zero_status", .kind = kT, .default_value = "no", .re = "(yes|no)"},
           });

// DNS (based on basefork)
inline constexpr auto kDNSVars = extend(
    kBaseforkVars, {
                       {.name = "binary", .kind = kP, .mandatory = true, .check = &dns_binary},
                       {.name = "lookup", .kind = kT},
                       {.name = "server", .kind = kT},
                   });

// passwordchecker (based on basefork)
inline constexpr auto kPasswordcheckerVars =
    extend(kBaseforkVars, {{.name = "passwordfile", .kind = kP, .check = &password_file}});

// FTPtransfer (based on passwordchecker): `timeout` has no default (see probe_catalog.cpp).
inline constexpr auto kFTPtransferVars =
    extend(timeout_per_target(kPasswordcheckerVars, std::nullopt),
           {
               {.name = "destfile", .kind = kP},
               kMinInterval,
               {.name = "mode", .kind = kP, .mandatory = true, .re = "(put|get)"},
               {.name = "srcfile", .kind = kP, .mandatory = true},
               kLocaladdr,
               {.name = "passive", .kind = kT, .re = "(yes|no)"},
               kPassword,
               kPort,
               {.name = "username", .kind = kT},
           });

// IOSPing (based on basefork)
inline constexpr auto kIOSPingVars = extend(kBaseforkVars, {
                                                               kExecutableBinary,
                                                               router_packetsize_var("56"),
                                                               kIoshost,
                                                               kIosint,
                                                               {.name = "iosuser", .kind = kT},
                                                           });

// IRTT (based on basefork)
inline constexpr auto kIRTTVars = extend(
    kBaseforkVars,
    {
        {.name = "binary",
         .kind = kP,
         .mandatory = true,
         .default_value = "/usr/bin/irtt",
         .check = &irtt_binary},
        {.name = "tmpdir", .kind = kP, .default_value = "/tmp/smokeping-irtt"},
        {.name = "dscp", .kind = kT, .re = R"((\d+|0x[0-9a-fA-F]{1,2}))"},
        kExtraargs,
        {.name = "fill", .kind = kT},
        {.name = "hmac", .kind = kT},
        {.name = "interval", .kind = kT, .default_value = "1", .re = R"((\d*\.)?\d+)"},
        {.name = "ipversion", .kind = kT, .re = "^(4|6)$"},
        {.name = "length", .kind = kT, .re = R"(\d+)"},
        kLocaladdr,
        {.name = "metric",
         .kind = kT,
         .default_value = "rtt",
         .re = "^(rtt|send|receive|ipdv|send_ipdv|receive_ipdv)$"},
        {.name = "readfrom", .kind = kT},
        {.name = "readfrompollinterval", .kind = kT, .default_value = "5", .re = R"([1-9]\d*)"},
        {.name = "serverfill", .kind = kT},
        {.name = "sleep", .kind = kT, .re = R"((\d*\.)?\d+)"},
        {.name = "writeto", .kind = kT},
    });

// What LDAP, Radius and TacacsPlus (each based on passwordchecker) declare alike.
inline constexpr auto kPasswordTargetVars =
    extend(timeout_per_target(kPasswordcheckerVars, "5"),
           {
               {.name = "mininterval", .kind = kT, .default_value = "1", .re = R"((\d*\.)?\d+)"},
               kPassword,
           });

// LDAP (based on passwordchecker)
inline constexpr auto kLDAPVars = extend(
    kPasswordTargetVars,
    {
        {.name = "attrs", .kind = kT},
        {.name = "base", .kind = kT},
        {.name = "binddn", .kind = kT},
        {.name = "filter", .kind = kT, .mandatory = true},
        kPort,
        {.name = "scheme", .kind = kT, .default_value = "ldap", .re = "(ldap|ldaps|ldapi)"},
        {.name = "scope", .kind = kT, .default_value = "sub", .re = "(base|one|sub)"},
        {.name = "start_tls", .kind = kT, .check = &ldap_start_tls},
        {.name = "verify", .kind = kT, .default_value = "require", .re = "(none|optional|require)"},
        {.name = "version", .kind = kT, .re = R"(\d+)"},
    });

// OpenSSHEOSPing (based on basefork)
inline constexpr auto kOpenSSHEOSPingVars =
    extend(kRouterLoginVars, {
                                 router_packetsize_var("100"),
                                 {.name = "eospass", .kind = kT, .mandatory = true},
                                 {.name = "eosuser", .kind = kT, .mandatory = true},
                                 {.name = "unpriv", .kind = kT},
                             });

// TelnetJunOSPing (based on basefork)
inline constexpr auto kTelnetJunOSPingVars =
    extend(kRouterLoginVars, {
                                 router_packetsize_var("100"),
                                 {.name = "junospass", .kind = kT, .mandatory = true},
                                 {.name = "junosuser", .kind = kT, .mandatory = true},
                             });

// OpenSSHJunOSPing (based on basefork): TelnetJunOSPing's variables, and a probe-wide `tos`.
inline constexpr auto kOpenSSHJunOSPingVars =
    extend(kTelnetJunOSPingVars, {{.name = "tos", .kind = kP, .check = &junos_tos}});

// Qstat (based on basefork)
inline constexpr auto kQstatVars =
    extend(kBaseforkVars,
           {
               {.name = "binary", .kind = kP, .mandatory = true, .check = &qstat_binary},
               {.name = "game", .kind = kP, .default_value = "q3s"},
               {.name = "mininterval", .kind = kP, .default_value = "0.5", .re = R"((\d*\.)?\d+)"},
               {.name = "port", .kind = kP, .re = R"(\d+)"},
               kIPv4SourceAddress,
               {.name = "sourceport",
                .kind = kP,
                .re = R"(\d{1,5}(-\d{1,5})?)",
                .check = &qstat_sourceport},
           });

// What Radius and TacacsPlus (each based on passwordchecker) declare alike.
inline constexpr auto kSharedSecretVars =
    extend(kPasswordTargetVars, {
                                    {.name = "secretfile", .kind = kP, .check = &secret_file},
                                    {.name = "secret", .kind = kT},
                                    {.name = "username", .kind = kT, .mandatory = true},
                                });

// Radius (based on passwordchecker)
inline constexpr auto kRadiusVars =
    extend(kSharedSecretVars, {
                                  {.name = "allowreject", .kind = kT, .re = "(true|false)"},
                                  {.name = "nas_ip_address", .kind = kT},
                                  kPort,
                              });

// SSH (based on basefork)
inline constexpr auto kSSHVars = extend(
    kBaseforkVars,
    {
        kExecutableBinary,
        {.name = "init_host", .kind = kP, .default_value = "127.0.0.1", .since = Since::v2_9_only},
        // Union of 2.7.3's `[ecdr]sa*` (rsa, dsa, esa, rsaa, ...) and 2.9.0's
        // `(rsa|ecdsa|ed25519)`: configs for either version exist (config.md §9). The outer group
        // keeps `^...$` anchoring every alternative.
        {.name = "keytype",
         .kind = kT,
         .default_value = "rsa",
         .re = "([ecdr]sa*|rsa|ecdsa|ed25519)"},
        kSshPort,
        {.name = "ssh_af",
         .kind = kT,
         .default_value = "0",
         .re = R"(\d+)",
         .since = Since::v2_9_only},
    });

// SendEmail (based on basefork)
inline constexpr auto kSendEmailVars =
    extend(kBaseforkVars, {
                              {.name = "bodysize", .kind = kP, .default_value = "0"},
                              {.name = "from", .kind = kP, .mandatory = true},
                              {.name = "subject", .kind = kP, .default_value = "Test"},
                              {.name = "to", .kind = kP, .mandatory = true},
                              {.name = "port", .kind = kT, .default_value = "25"},
                          });

// SipSak (based on basefork)
inline constexpr auto kSipSakVars =
    extend(kBaseforkVars, {
                              {.name = "binary",
                               .kind = kP,
                               .default_value = "/usr/bin/sipsak",
                               .check = &binary_executable_bit},
                              {.name = "keep_second", .kind = kT, .re = "yes|no"},
                              {.name = "params", .kind = kT},
                              {.name = "port", .kind = kT},
                              {.name = "sipsak_timeout", .kind = kT, .default_value = "2"},
                              {.name = "user", .kind = kT},
                          });

// TCPPing (based on basefork)
inline constexpr auto kTCPPingVars = extend(
    kBaseforkVars, {
                       {.name = "binary", .kind = kP, .mandatory = true, .check = &tcpping_binary},
                       {.name = "port", .kind = kT, .check = &tcpping_port},
                   });

// TacacsPlus (based on passwordchecker)
inline constexpr auto kTacacsPlusVars =
    extend(kSharedSecretVars,
           {
               {.name = "authtype", .kind = kT, .default_value = "ASCII", .re = "(ASCII|CHAP|PAP)"},
               {.name = "port", .kind = kT, .default_value = "49", .re = R"(\d+)"},
           });

// TelnetIOSPing (based on basefork)
inline constexpr auto kTelnetIOSPingVars =
    extend(kRouterLoginVars, {
                                 router_packetsize_var("56"),
                                 {.name = "iospass", .kind = kT, .mandatory = true},
                                 {.name = "iosuser", .kind = kT, .mandatory = true},
                                 kVrf,
                             });

// TraceroutePing (based on basefork)
inline constexpr auto kTraceroutePingVars =
    extend(kBaseforkVars,
           {
               {.name = "binary", .kind = kP, .mandatory = true, .check = &traceroute_binary},
               {.name = "binaryv6", .kind = kP, .check = &traceroute_binary_v6},
               {.name = "desthost", .kind = kT, .mandatory = true, .check = &traceroute_any_value},
               // A probe variable that shadows the node's own `host`: for these nodes it is
               // inherited by child nodes like any other probe variable (config.md §4.9).
               {.name = "host", .kind = kT, .mandatory = true, .check = &traceroute_any_value},
               {.name = "maxttl", .kind = kT, .check = &traceroute_any_value},
               {.name = "minttl", .kind = kT, .check = &traceroute_any_value},
               {.name = "wait", .kind = kT, .check = &traceroute_any_value},
           });

// WebProxyFilter (based on basefork)
inline constexpr auto kWebProxyFilterVars = extend(
    timeout_per_target(kBaseforkVars, "2"),
    {
        {.name = "maxsize", .kind = kP, .default_value = "2000"},
        kMinInterval,
        {.name = "useragent", .kind = kP, .default_value = "SmokePing/2.x (WebProxyFilter Probe)"},
        {.name = "deny_re", .kind = kT},
        {.name = "more_hosts",
         .kind = kT,
         .re = R"([^\s.]+(?:\.[^\s.]+)*(\s*,[^\s.]+(?:\.[^\s.]+)*)*)"},
    });

}  // namespace smokeping::config::probe_catalog_detail
