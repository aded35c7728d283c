// Variables of the other fork-based modules (basefork, passwordchecker): `forks`, and `pings` as
// a target variable. Included only by probe_catalog.cpp.
#pragma once

#include "probe_vars_common.hpp"

namespace smokeping::config::probe_catalog_detail {

// AnotherCurl (based on basefork)
inline constexpr ProbeVarSpec kAnotherCurlVars[] = {
    {.name = "binary", .kind = kP, .default_value = "/usr/bin/curl", .check = &curl_binary},
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "agent", .kind = kT, .check = &curl_agent},
    {.name = "extraargs", .kind = kT},
    {.name = "extrare", .kind = kT, .default_value = "/ /", .check = &curl_extrare},
    {.name = "follow_redirects", .kind = kT, .default_value = "no", .re = "(yes|no)"},
    {.name = "include_redirects", .kind = kT, .default_value = "no", .re = "(yes|no)"},
    {.name = "insecure_ssl", .kind = kT},
    {.name = "interface", .kind = kT},
    kTargetPings,
    {.name = "ssl2", .kind = kT},
    {.name = "timeout", .kind = kT, .default_value = "10", .re = R"(\d+)"},
    {.name = "urlformat", .kind = kT, .mandatory = true},
    {.name = "write_out", .kind = kT},
};

// AnotherDNS (based on basefork)
inline constexpr ProbeVarSpec kAnotherDNSVars[] = {
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "authoritative", .kind = kT, .default_value = "0"},
    {.name = "expect_text", .kind = kT, .since = Since::v2_9_only},
    {.name = "ipversion", .kind = kT, .default_value = "4", .re = "[46]"},
    {.name = "lookup", .kind = kT},
    {.name = "mininterval", .kind = kT, .default_value = "0.5", .re = R"((\d*\.)?\d+)"},
    kTargetPings,
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
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"(\d+)"},
};

// AnotherSSH (based on basefork)
inline constexpr ProbeVarSpec kAnotherSSHVars[] = {
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "greeting",
     .kind = kT,
     .default_value = "SSH-Latency-Measurement-Sorry-for-this-logmessage"},
    {.name = "interval",
     .kind = kT,
     .default_value = "established",
     .check = &another_ssh_interval},
    {.name = "mininterval", .kind = kT, .default_value = "0.5", .re = R"((\d*\.)?\d+)"},
    kTargetPings,
    {.name = "port", .kind = kT, .default_value = "22", .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"(\d+)"},
};

// CiscoRTTMonDNS (based on basefork)
inline constexpr ProbeVarSpec kCiscoRTTMonDNSVars[] = {
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "ioshost", .kind = kT, .mandatory = true},
    {.name = "iosint", .kind = kT},
    {.name = "name", .kind = kT, .mandatory = true},
    kTargetPings,
    {.name = "timeout", .kind = kT, .default_value = "15", .re = R"(\d+)"},
};

// CiscoRTTMonEchoICMP (based on basefork)
inline constexpr ProbeVarSpec kCiscoRTTMonEchoICMPVars[] = {
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "ioshost", .kind = kT, .mandatory = true},
    {.name = "iosint", .kind = kT},
    {.name = "packetsize",
     .kind = kT,
     .default_value = "56",
     .re = R"(\d+)",
     .check = &cisco_echo_packetsize},
    kTargetPings,
    {.name = "timeout", .kind = kT, .default_value = "15", .re = R"(\d+)"},
    {.name = "tos", .kind = kT, .default_value = "0"},
    {.name = "vrf", .kind = kT},
};

// CiscoRTTMonTcpConnect (based on basefork)
inline constexpr ProbeVarSpec kCiscoRTTMonTcpConnectVars[] = {
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "ioshost", .kind = kT, .mandatory = true},
    {.name = "iosint", .kind = kT},
    kTargetPings,
    {.name = "port", .kind = kT, .default_value = "80", .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .default_value = "15", .re = R"(\d+)"},
    {.name = "tos", .kind = kT, .default_value = "0", .re = R"(\d+)"},
};

// Curl (based on basefork)
inline constexpr ProbeVarSpec kCurlVars[] = {
    {.name = "binary", .kind = kP, .default_value = "/usr/bin/curl", .check = &curl_binary},
    kForks,
    kOffset,
    kStep,
    kInflux,
    {.name = "agent", .kind = kT, .check = &curl_agent},
    {.name = "expect", .kind = kT, .default_value = ""},
    {.name = "extraargs", .kind = kT},
    {.name = "extrare", .kind = kT, .default_value = "/ /", .check = &curl_extrare},
    {.name = "follow_redirects", .kind = kT, .default_value = "no", .re = "(yes|no)"},
    {.name = "include_redirects", .kind = kT, .default_value = "no", .re = "(yes|no)"},
    {.name = "insecure_ssl", .kind = kT},
    {.name = "interface", .kind = kT},
    kTargetPings,
    {.name = "require_zero_status", .kind = kT, .default_value = "no", .re = "(yes|no)"},
    {.name = "ssl2", .kind = kT},
    {.name = "timeout", .kind = kT, .default_value = "10", .re = R"(\d+)"},
    {.name = "urlformat", .kind = kT, .mandatory = true},
};

// DNS (based on basefork)
inline constexpr ProbeVarSpec kDNSVars[] = {
    {.name = "binary", .kind = kP, .mandatory = true, .check = &dns_binary},
    kForks,
    kOffset,
    kStep,
    kForkTimeout,
    kInflux,
    {.name = "lookup", .kind = kT},
    kTargetPings,
    {.name = "server", .kind = kT},
};

// FTPtransfer (based on passwordchecker)
inline constexpr ProbeVarSpec kFTPtransferVars[] = {
    {.name = "destfile", .kind = kP},
    kForks,
    {.name = "min_interval", .kind = kP, .default_value = "1", .re = R"((\d*\.)?\d+)"},
    {.name = "mode", .kind = kP, .mandatory = true, .re = "(put|get)"},
    kOffset,
    {.name = "passwordfile", .kind = kP, .check = &password_file},
    {.name = "srcfile", .kind = kP, .mandatory = true},
    kStep,
    kInflux,
    {.name = "localaddr", .kind = kT},
    {.name = "passive", .kind = kT, .re = "(yes|no)"},
    {.name = "password", .kind = kT},
    kTargetPings,
    {.name = "port", .kind = kT, .re = R"(\d+)"},
    {.name = "timeout", .kind = kT, .re = R"(\d+)"},
    {.name = "username", .kind = kT},
};

// IOSPing (based on basefork)
inline constexpr ProbeVarSpec kIOSPingVars[] = {
    {.name = "binary", .kind = kP, .mandatory = true, .check = &binary_executable_bit},
    kForks,
    kOffset,
    {.name = "packetsize",
     .kind = kP,
     .default_value = "56",
     .re = R"(\d+)",
     .check = &router_packetsize},
    kStep,
    kForkTimeout,
    kInflux,
    {.name = "ioshost", .kind = kT, .mandatory = true},
    {.name = "iosint", .kind = kT},
    {.name = "iosuser", .kind = kT},
    kTargetPings,
};

// IRTT (based on basefork)
inline constexpr ProbeVarSpec kIRTTVars[] = {
    {.name = "binary",
     .kind = kP,
     .mandatory = true,
     .default_value = "/usr/bin/irtt",
     .check = &irtt_binary},
    kForks,
    kOffset,
    kStep,
    kForkTimeout,
    {.name = "tmpdir", .kind = kP, .default_value = "/tmp/smokeping-irtt"},
    kInflux,
    {.name = "dscp", .kind = kT, .re = R"((\d+|0x[0-9a-fA-F]{1,2}))"},
    {.name = "extraargs", .kind = kT},
    {.name = "fill", .kind = kT},
    {.name = "hmac", .kind = kT},
    {.name = "interval", .kind = kT, .default_value = "1", .re = R"((\d*\.)?\d+)"},
    {.name = "ipversion", .kind = kT, .re = "^(4|6)$"},
    {.name = "length", .kind = kT, .re = R"(\d+)"},
    {.name = "localaddr", .kind = kT},
    {.name = "metric",
     .kind = kT,
     .default_value = "rtt",
     .re = "^(rtt|send|receive|ipdv|send_ipdv|receive_ipdv)$"},
    kTargetPings,
    {.name = "readfrom", .kind = kT},
    {.name = "readfrompollinterval", .kind = kT, .default_value = "5", .re = R"([1-9]\d*)"},
    {.name = "serverfill", .kind = kT},
    {.name = "sleep", .kind = kT, .re = R"((\d*\.)?\d+)"},
    {.name = "writeto", .kind = kT},
};

// LDAP (based on passwordchecker)
inline constexpr ProbeVarSpec kLDAPVars[] = {
    kForks,
    kOffset,
    {.name = "passwordfile", .kind = kP, .check = &password_file},
    kStep,
    kInflux,
    {.name = "attrs", .kind = kT},
    {.name = "base", .kind = kT},
    {.name = "binddn", .kind = kT},
    {.name = "filter", .kind = kT, .mandatory = true},
    {.name = "mininterval", .kind = kT, .default_value = "1", .re = R"((\d*\.)?\d+)"},
    {.name = "password", .kind = kT},
    kTargetPings,
    {.name = "port", .kind = kT, .re = R"(\d+)"},
    {.name = "scheme", .kind = kT, .default_value = "ldap", .re = "(ldap|ldaps|ldapi)"},
    {.name = "scope", .kind = kT, .default_value = "sub", .re = "(base|one|sub)"},
    {.name = "start_tls", .kind = kT, .check = &ldap_start_tls},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"(\d+)"},
    {.name = "verify", .kind = kT, .default_value = "require", .re = "(none|optional|require)"},
    {.name = "version", .kind = kT, .re = R"(\d+)"},
};

// OpenSSHEOSPing (based on basefork)
inline constexpr ProbeVarSpec kOpenSSHEOSPingVars[] = {
    kForks,
    kOffset,
    {.name = "packetsize",
     .kind = kP,
     .default_value = "100",
     .re = R"(\d+)",
     .check = &router_packetsize},
    kStep,
    kForkTimeout,
    kInflux,
    {.name = "eospass", .kind = kT, .mandatory = true},
    {.name = "eosuser", .kind = kT, .mandatory = true},
    kTargetPings,
    {.name = "psource", .kind = kT},
    {.name = "source", .kind = kT, .mandatory = true},
    {.name = "unpriv", .kind = kT},
};

// OpenSSHJunOSPing (based on basefork)
inline constexpr ProbeVarSpec kOpenSSHJunOSPingVars[] = {
    kForks,
    kOffset,
    {.name = "packetsize",
     .kind = kP,
     .default_value = "100",
     .re = R"(\d+)",
     .check = &router_packetsize},
    kStep,
    kForkTimeout,
    {.name = "tos", .kind = kP, .check = &junos_tos},
    kInflux,
    {.name = "junospass", .kind = kT, .mandatory = true},
    {.name = "junosuser", .kind = kT, .mandatory = true},
    kTargetPings,
    {.name = "psource", .kind = kT},
    {.name = "source", .kind = kT, .mandatory = true},
};

// Qstat (based on basefork)
inline constexpr ProbeVarSpec kQstatVars[] = {
    {.name = "binary", .kind = kP, .mandatory = true, .check = &qstat_binary},
    kForks,
    {.name = "game", .kind = kP, .default_value = "q3s"},
    {.name = "mininterval", .kind = kP, .default_value = "0.5", .re = R"((\d*\.)?\d+)"},
    kOffset,
    {.name = "port", .kind = kP, .re = R"(\d+)"},
    {.name = "sourceaddress", .kind = kP, .re = R"(\d+(\.\d+){3})"},
    {.name = "sourceport", .kind = kP, .re = R"(\d{1,5}(-\d{1,5})?)", .check = &qstat_sourceport},
    kStep,
    kForkTimeout,
    kInflux,
    kTargetPings,
};

// Radius (based on passwordchecker)
inline constexpr ProbeVarSpec kRadiusVars[] = {
    kForks,
    kOffset,
    {.name = "passwordfile", .kind = kP, .check = &password_file},
    {.name = "secretfile", .kind = kP, .check = &secret_file},
    kStep,
    kInflux,
    {.name = "allowreject", .kind = kT, .re = "(true|false)"},
    {.name = "mininterval", .kind = kT, .default_value = "1", .re = R"((\d*\.)?\d+)"},
    {.name = "nas_ip_address", .kind = kT},
    {.name = "password", .kind = kT},
    kTargetPings,
    {.name = "port", .kind = kT, .re = R"(\d+)"},
    {.name = "secret", .kind = kT},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"(\d+)"},
    {.name = "username", .kind = kT, .mandatory = true},
};

// SSH (based on basefork)
inline constexpr ProbeVarSpec kSSHVars[] = {
    {.name = "binary", .kind = kP, .mandatory = true, .check = &binary_executable_bit},
    kForks,
    {.name = "init_host", .kind = kP, .default_value = "127.0.0.1", .since = Since::v2_9_only},
    kOffset,
    kStep,
    kForkTimeout,
    kInflux,
    // Union of 2.7.3's `[ecdr]sa*` (rsa, dsa, esa, rsaa, ...) and 2.9.0's `(rsa|ecdsa|ed25519)`:
    // configs for either version exist (config.md §9). The outer group keeps `^...$` anchoring
    // every alternative.
    {.name = "keytype", .kind = kT, .default_value = "rsa", .re = "([ecdr]sa*|rsa|ecdsa|ed25519)"},
    kTargetPings,
    {.name = "port", .kind = kT, .default_value = "22", .re = R"(\d+)"},
    {.name = "ssh_af", .kind = kT, .default_value = "0", .re = R"(\d+)", .since = Since::v2_9_only},
};

// SendEmail (based on basefork)
inline constexpr ProbeVarSpec kSendEmailVars[] = {
    {.name = "bodysize", .kind = kP, .default_value = "0"},
    kForks,
    {.name = "from", .kind = kP, .mandatory = true},
    kOffset,
    kStep,
    {.name = "subject", .kind = kP, .default_value = "Test"},
    kForkTimeout,
    {.name = "to", .kind = kP, .mandatory = true},
    kInflux,
    kTargetPings,
    {.name = "port", .kind = kT, .default_value = "25"},
};

// SipSak (based on basefork)
inline constexpr ProbeVarSpec kSipSakVars[] = {
    {.name = "binary",
     .kind = kP,
     .default_value = "/usr/bin/sipsak",
     .check = &binary_executable_bit},
    kForks,
    kOffset,
    kStep,
    kForkTimeout,
    kInflux,
    {.name = "keep_second", .kind = kT, .re = "yes|no"},
    {.name = "params", .kind = kT},
    kTargetPings,
    {.name = "port", .kind = kT},
    {.name = "sipsak_timeout", .kind = kT, .default_value = "2"},
    {.name = "user", .kind = kT},
};

// TCPPing (based on basefork)
inline constexpr ProbeVarSpec kTCPPingVars[] = {
    {.name = "binary", .kind = kP, .mandatory = true, .check = &tcpping_binary},
    kForks,
    kOffset,
    kStep,
    kForkTimeout,
    kInflux,
    kTargetPings,
    {.name = "port", .kind = kT, .check = &tcpping_port},
};

// TacacsPlus (based on passwordchecker)
inline constexpr ProbeVarSpec kTacacsPlusVars[] = {
    kForks,
    kOffset,
    {.name = "passwordfile", .kind = kP, .check = &password_file},
    {.name = "secretfile", .kind = kP, .check = &secret_file},
    kStep,
    kInflux,
    {.name = "authtype", .kind = kT, .default_value = "ASCII", .re = "(ASCII|CHAP|PAP)"},
    {.name = "mininterval", .kind = kT, .default_value = "1", .re = R"((\d*\.)?\d+)"},
    {.name = "password", .kind = kT},
    kTargetPings,
    {.name = "port", .kind = kT, .default_value = "49", .re = R"(\d+)"},
    {.name = "secret", .kind = kT},
    {.name = "timeout", .kind = kT, .default_value = "5", .re = R"(\d+)"},
    {.name = "username", .kind = kT, .mandatory = true},
};

// TelnetIOSPing (based on basefork)
inline constexpr ProbeVarSpec kTelnetIOSPingVars[] = {
    kForks,
    kOffset,
    {.name = "packetsize",
     .kind = kP,
     .default_value = "56",
     .re = R"(\d+)",
     .check = &router_packetsize},
    kStep,
    kForkTimeout,
    kInflux,
    {.name = "iospass", .kind = kT, .mandatory = true},
    {.name = "iosuser", .kind = kT, .mandatory = true},
    kTargetPings,
    {.name = "psource", .kind = kT},
    {.name = "source", .kind = kT, .mandatory = true},
    {.name = "vrf", .kind = kT},
};

// TelnetJunOSPing (based on basefork)
inline constexpr ProbeVarSpec kTelnetJunOSPingVars[] = {
    kForks,
    kOffset,
    {.name = "packetsize",
     .kind = kP,
     .default_value = "100",
     .re = R"(\d+)",
     .check = &router_packetsize},
    kStep,
    kForkTimeout,
    kInflux,
    {.name = "junospass", .kind = kT, .mandatory = true},
    {.name = "junosuser", .kind = kT, .mandatory = true},
    kTargetPings,
    {.name = "psource", .kind = kT},
    {.name = "source", .kind = kT, .mandatory = true},
};

// TraceroutePing (based on basefork)
inline constexpr ProbeVarSpec kTraceroutePingVars[] = {
    {.name = "binary", .kind = kP, .mandatory = true, .check = &traceroute_binary},
    {.name = "binaryv6", .kind = kP, .check = &traceroute_binary_v6},
    kForks,
    kOffset,
    kStep,
    kForkTimeout,
    kInflux,
    {.name = "desthost", .kind = kT, .mandatory = true, .check = &traceroute_any_value},
    // A probe variable that shadows the node's own `host`: for these nodes it is inherited by
    // child nodes like any other probe variable (config.md §4.9).
    {.name = "host", .kind = kT, .mandatory = true, .check = &traceroute_any_value},
    {.name = "maxttl", .kind = kT, .check = &traceroute_any_value},
    {.name = "minttl", .kind = kT, .check = &traceroute_any_value},
    kTargetPings,
    {.name = "wait", .kind = kT, .check = &traceroute_any_value},
};

// WebProxyFilter (based on basefork)
inline constexpr ProbeVarSpec kWebProxyFilterVars[] = {
    kForks,
    {.name = "maxsize", .kind = kP, .default_value = "2000"},
    {.name = "min_interval", .kind = kP, .default_value = "1", .re = R"((\d*\.)?\d+)"},
    kOffset,
    kStep,
    {.name = "useragent", .kind = kP, .default_value = "SmokePing/2.x (WebProxyFilter Probe)"},
    kInflux,
    {.name = "deny_re", .kind = kT},
    {.name = "more_hosts",
     .kind = kT,
     .re = R"([^\s.]+(?:\.[^\s.]+)*(\s*,[^\s.]+(?:\.[^\s.]+)*)*)"},
    kTargetPings,
    {.name = "timeout", .kind = kT, .default_value = "2", .re = R"(\d+)"},
};

// passwordchecker (based on basefork)
inline constexpr ProbeVarSpec kPasswordcheckerVars[] = {
    kForks,       kOffset,      {.name = "passwordfile", .kind = kP, .check = &password_file},
    kStep,        kForkTimeout, kInflux,
    kTargetPings,
};

}  // namespace smokeping::config::probe_catalog_detail
