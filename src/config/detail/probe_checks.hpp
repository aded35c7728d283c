// The probe modules' value checks (the original's `_sub`s), referenced by the variable tables
// of probe_catalog.cpp. Private to src/config.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "smokeping/config/value_check.hpp"

namespace smokeping::config::probe_catalog_detail {

using CheckResult = std::optional<std::string>;

// Executables. The FPing, NFSping and Qstat checks are skipped in CGI mode like the original's;
// the others are not. Nothing here runs a program.
CheckResult fping_binary(std::string_view v, const CheckEnv& env);
CheckResult nfsping_binary(std::string_view v, const CheckEnv& env);
CheckResult qstat_binary(std::string_view v, const CheckEnv& env);
CheckResult dns_binary(std::string_view v, const CheckEnv& env);
CheckResult irtt_binary(std::string_view v, const CheckEnv& env);
CheckResult tcpping_binary(std::string_view v, const CheckEnv& env);
CheckResult curl_binary(std::string_view v, const CheckEnv& env);
CheckResult traceroute_binary(std::string_view v, const CheckEnv& env);
CheckResult traceroute_binary_v6(std::string_view v, const CheckEnv& env);
// EchoPing family, SSH, SipSak, IOSPing, RemoteFPing: only the execute permission is tested.
CheckResult binary_executable_bit(std::string_view v, const CheckEnv& env);

// Readable files of the passwordchecker family.
CheckResult password_file(std::string_view v, const CheckEnv& env);
CheckResult secret_file(std::string_view v, const CheckEnv& env);

// Numeric ranges.
CheckResult fping_packetsize(std::string_view v, const CheckEnv& env);
CheckResult fping_fwmark(std::string_view v, const CheckEnv& env);
CheckResult router_packetsize(std::string_view v, const CheckEnv& env);  // IOS/JunOS/EOS
CheckResult cisco_echo_packetsize(std::string_view v, const CheckEnv& env);
CheckResult disman_packetsize(std::string_view v, const CheckEnv& env);
CheckResult disman_pings(std::string_view v, const CheckEnv& env);
CheckResult tcpping_port(std::string_view v, const CheckEnv& env);
CheckResult junos_tos(std::string_view v, const CheckEnv& env);
CheckResult qstat_sourceport(std::string_view v, const CheckEnv& env);

// Text shape.
CheckResult curl_agent(std::string_view v, const CheckEnv& env);
CheckResult curl_extrare(std::string_view v, const CheckEnv& env);
CheckResult another_ssh_interval(std::string_view v, const CheckEnv& env);

// Checks the original declares but that can never fail here.
CheckResult ldap_start_tls(std::string_view v, const CheckEnv& env);
CheckResult traceroute_any_value(std::string_view v, const CheckEnv& env);

}  // namespace smokeping::config::probe_catalog_detail
