// The probe modules' `_sub` checks. Messages are the original's, byte for byte; numbers are
// compared after Perl's numeric conversion, as the original compares them. The checks run only
// after the variable's pattern has matched (config.md §2.3).
#include <unistd.h>

#include <string>
#include <string_view>

#include "detail/probe_checks.hpp"

namespace smokeping::config::probe_catalog_detail {

namespace {

// A path with a NUL byte cannot name a file; Perl's file tests say false for it, whereas
// handing it to the C library would silently test a shorter path.
bool has_nul(std::string_view path) { return path.find('\0') != std::string_view::npos; }

// Perl's `-f $p and -x _`.
bool executable_file(std::string_view path) {
  return !has_nul(path) && checks::is_executable_file(path);
}

// Perl's bare `-x $p`: a directory or any other executable node passes too, so this must not
// be tightened to executable_file() (that would reject configs the original accepts).
bool executable_bit(std::string_view path) {
  return !has_nul(path) && ::access(std::string(path).c_str(), X_OK) == 0;
}

// Perl's `-r $p`.
bool readable(std::string_view path) {
  return !has_nul(path) && ::access(std::string(path).c_str(), R_OK) == 0;
}

// Perl's truth of a string: only "" and "0" are false ("0.0" and "00" are true).
bool perl_true(std::string_view v) { return !v.empty() && v != "0"; }

// Shared shape of the "binary must be an executable file" checks with a fixed message.
CheckResult require_executable_file(std::string_view v, const CheckEnv& env, bool skip_in_cgi,
                                    std::string_view message) {
  if (!env.check_paths || (skip_in_cgi && env.cgi_mode)) return std::nullopt;
  if (executable_file(v)) return std::nullopt;
  return std::string(message);
}

// Same, for messages that quote the value between `before` and `after`.
CheckResult require_executable_file_quoting(std::string_view v, const CheckEnv& env,
                                            std::string_view before, std::string_view after) {
  if (!env.check_paths || executable_file(v)) return std::nullopt;
  return std::string(before).append(v).append(after);
}

// The original writes some ranges as `MSG if v < lo or v > hi` and others as
// `MSG unless v >= lo and v <= hi`; the two differ only for NaN, which the first lets through.
CheckResult reject_below_or_above(std::string_view v, double lo, double hi,
                                  std::string_view message) {
  const double n = perl_number(v);
  if (n < lo || n > hi) return std::string(message);
  return std::nullopt;
}

CheckResult require_between(std::string_view v, double lo, double hi, std::string_view message) {
  const double n = perl_number(v);
  if (n >= lo && n <= hi) return std::nullopt;
  return std::string(message);
}

}  // namespace

CheckResult fping_binary(std::string_view v, const CheckEnv& env) {
  return require_executable_file(v, env, /*skip_in_cgi=*/true,
                                 "ERROR: FPing 'binary' does not point to an executable");
}

CheckResult nfsping_binary(std::string_view v, const CheckEnv& env) {
  return require_executable_file(v, env, /*skip_in_cgi=*/true,
                                 "ERROR: NFSping 'binary' does not point to an executable");
}

CheckResult qstat_binary(std::string_view v, const CheckEnv& env) {
  return require_executable_file(v, env, /*skip_in_cgi=*/true,
                                 "ERROR: Qstat 'binary' does not point to an executable");
}

CheckResult dns_binary(std::string_view v, const CheckEnv& env) {
  return require_executable_file(v, env, /*skip_in_cgi=*/false,
                                 "ERROR: DNS 'binary' does not point to an executable");
}

CheckResult irtt_binary(std::string_view v, const CheckEnv& env) {
  return require_executable_file(v, env, /*skip_in_cgi=*/false,
                                 "ERROR: irtt 'binary' does not point to an executable");
}

// The original then runs `BINARY -C -x 1 localhost` to see whether tcpping needs setuid root.
// A config check must not start programs, so only the file test is kept; the daemon's probe
// start-up is the place for that test.
CheckResult tcpping_binary(std::string_view v, const CheckEnv& env) {
  return require_executable_file(v, env, /*skip_in_cgi=*/false,
                                 "ERROR: TCPPing 'binary' does not point to an executable");
}

CheckResult curl_binary(std::string_view v, const CheckEnv& env) {
  return require_executable_file_quoting(v, env, "ERROR: Curl 'binary' ",
                                         " does not point to an executable");
}

CheckResult traceroute_binary(std::string_view v, const CheckEnv& env) {
  return require_executable_file_quoting(v, env, "ERROR: traceroute '",
                                         "' does not point to an executable");
}

CheckResult traceroute_binary_v6(std::string_view v, const CheckEnv& env) {
  return require_executable_file_quoting(v, env, "ERROR: IPv6 traceroute '",
                                         "' does not point to an executable");
}

CheckResult binary_executable_bit(std::string_view v, const CheckEnv& env) {
  if (!env.check_paths || executable_bit(v)) return std::nullopt;
  return "ERROR: binary '" + std::string(v) + "' is not executable";
}

// The original skips this one in CGI mode, but not the secret file below.
CheckResult password_file(std::string_view v, const CheckEnv& env) {
  if (!env.check_paths || env.cgi_mode || readable(v)) return std::nullopt;
  return "ERROR: password file " + std::string(v) + " is not readable.";
}

CheckResult secret_file(std::string_view v, const CheckEnv& env) {
  if (!env.check_paths || readable(v)) return std::nullopt;
  return "ERROR: secret file " + std::string(v) + " is not readable.";
}

CheckResult fping_packetsize(std::string_view v, const CheckEnv&) {
  return reject_below_or_above(v, 12, 64000,
                               "ERROR: FPing packetsize must be between 12 and 64000");
}

// The fwmark pattern is only half anchored (config.md §2.3), so values such as "nan0x1" get
// here; Perl reads them as NaN and the original's comparisons let them pass.
CheckResult fping_fwmark(std::string_view v, const CheckEnv&) {
  return reject_below_or_above(v, 1, 4294967295.0,
                               "ERROR: FPing fwmark must be between 1 and 4294967295");
}

CheckResult router_packetsize(std::string_view v, const CheckEnv&) {
  return require_between(v, 12, 64000, "ERROR: packetsize must be between 12 and 64000");
}

CheckResult cisco_echo_packetsize(std::string_view v, const CheckEnv&) {
  return require_between(v, 8, 16392, "ERROR: packetsize must be between 8 and 16392");
}

CheckResult disman_packetsize(std::string_view v, const CheckEnv&) {
  return require_between(v, 8, 65507, "ERROR: packetsize must be between 8 and 65507");
}

// DismanPing replaces the usual "at least 3" pings check: its MIB caps a test at 15 pings.
CheckResult disman_pings(std::string_view v, const CheckEnv&) {
  return require_between(v, 1, 15, "ERROR: for DismanPing, pings must be between 1 and 15.");
}

// `port` has no pattern; "" and "0" mean "use the default" and are never range-checked.
CheckResult tcpping_port(std::string_view v, const CheckEnv&) {
  if (!perl_true(v)) return std::nullopt;
  return reject_below_or_above(v, 0, 65535, "ERROR: TCPPing port must be between 0 and 65535");
}

CheckResult junos_tos(std::string_view v, const CheckEnv&) {
  if (!perl_true(v)) return std::nullopt;
  const bool all_digits = v.find_first_not_of("0123456789") == std::string_view::npos;
  if (all_digits && perl_number(v) <= 255) return std::nullopt;
  return "ERROR: tos must be 0-255";
}

// Only a two-part "low-high" range is compared, as Perl's split on '-' yields it (trailing
// empty fields dropped); the pattern has already limited the shape.
CheckResult qstat_sourceport(std::string_view v, const CheckEnv&) {
  std::string_view rest = v;
  while (!rest.empty() && rest.back() == '-') rest.remove_suffix(1);
  const auto dash = rest.find('-');
  if (dash == std::string_view::npos || rest.find('-', dash + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  if (perl_number(rest.substr(0, dash)) > perl_number(rest.substr(dash + 1))) {
    return "ERROR: Qstat invalid source port range";
  }
  return std::nullopt;
}

CheckResult curl_agent(std::string_view v, const CheckEnv&) {
  const auto is_quote = [](char c) { return c == '"' || c == '\''; };
  if (!v.empty() && (is_quote(v.front()) || is_quote(v.back()))) {
    return "The Curl 'agent' string does not need any quotes around it anymore.";
  }
  return std::nullopt;
}

// `/.../`: a slash at each end, so at least two characters (config values hold no newline,
// the one character Perl's `.` would refuse in between).
CheckResult curl_extrare(std::string_view v, const CheckEnv&) {
  if (v.size() >= 2 && v.front() == '/' && v.back() == '/') return std::nullopt;
  return "extrare should be specified in the /regexp/ notation";
}

CheckResult another_ssh_interval(std::string_view v, const CheckEnv&) {
  if (v == "connect" || v == "established" || v == "complete") return std::nullopt;
  return "ERROR: Invalid interval parameter";
}

// The original refuses a true `start_tls` only when its TLS library failed to load; TLS support
// is not optional here.
CheckResult ldap_start_tls(std::string_view, const CheckEnv&) { return std::nullopt; }

// TraceroutePing declares checks for several target variables that accept every value.
CheckResult traceroute_any_value(std::string_view, const CheckEnv&) { return std::nullopt; }

}  // namespace smokeping::config::probe_catalog_detail
