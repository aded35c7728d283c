// The FPing probe section's variables, read the way the original turned them into fping options.
#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>

#include "fping.hpp"

namespace smokeping::probes {

namespace {

using std::chrono::milliseconds;

// Perl's truth: the original passes an option only `if $self->{properties}{x}`, so "0" means
// "not set" while "0.0" is a real zero.
const std::string* perl_true(const config::ProbeInstance& instance, const std::string& key) {
  const std::string* v = instance.var(key);
  return v && !v->empty() && *v != "0" ? v : nullptr;
}

[[noreturn]] void bad_value(const config::ProbeInstance& instance, const std::string& key,
                            const std::string& value, const std::string& why) {
  throw ProbeError("probe " + instance.name + ": " + key + " '" + value + "' " + why);
}

// `(\d*\.)?\d+` seconds, as int(1000 * value) milliseconds: what FPing.pm hands to fping.
milliseconds parse_seconds(const config::ProbeInstance& instance, const std::string& key,
                           const std::string& value) {
  double seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end != value.data() + value.size() || seconds < 0) {
    bad_value(instance, key, value, "is not a number of seconds");
  }
  return milliseconds(static_cast<milliseconds::rep>(1000.0 * seconds));
}

// fping reads -O (and -k) with sscanf("%i"): a 0x prefix is hex, a leading 0 octal, and
// trailing junk is ignored ("0x1g" is 1). The config pattern `\d+|0x[0-9a-zA-Z]+` lets all of
// these through, so read them the same way.
unsigned long long parse_c_integer(const config::ProbeInstance& instance, const std::string& key,
                                   const std::string& value) {
  char* end = nullptr;
  errno = 0;
  unsigned long long n = std::strtoull(value.c_str(), &end, 0);
  if (end == value.c_str() || errno == ERANGE || value.front() == '-') {
    bad_value(instance, key, value, "is not an integer");
  }
  return n;
}

}  // namespace

milliseconds FPingSettings::period(std::size_t hosts) const {
  milliseconds per_host = hostinterval.value_or(milliseconds(1000));
  return std::max<milliseconds>(per_host, mininterval * static_cast<long>(hosts));
}

milliseconds FPingSettings::wave_timeout(std::size_t hosts, bool last_wave) const {
  milliseconds t =
      timeout.value_or(std::min(hostinterval.value_or(milliseconds(1000)), milliseconds(2000)));
  return last_wave ? t : std::min(t, period(hosts));
}

FPingSettings parse_fping_settings(const config::ProbeInstance& instance) {
  FPingSettings s;
  const std::string* protocol = instance.var("protocol");
  bool v6 = protocol ? *protocol == "6" : instance.module && instance.module->name == "FPing6";
  s.family = v6 ? AF_INET6 : AF_INET;

  if (const std::string* v = perl_true(instance, "packetsize")) {
    int bytes = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), bytes);
    if (ec != std::errc() || end != v->data() + v->size() || bytes < 12 || bytes > 64000) {
      bad_value(instance, "packetsize", *v, "is not between 12 and 64000");
    }
    s.data_bytes = bytes;
  }
  if (const std::string* v = perl_true(instance, "timeout")) {
    s.timeout = parse_seconds(instance, "timeout", *v);
  }
  if (const std::string* v = perl_true(instance, "hostinterval")) {
    s.hostinterval = parse_seconds(instance, "hostinterval", *v);
  }
  // Always passed (-i), so even "0" counts.
  if (const std::string* v = instance.var("mininterval"); v && !v->empty()) {
    s.mininterval = parse_seconds(instance, "mininterval", *v);
  }
  if (const std::string* v = perl_true(instance, "tos")) {
    // The kernel keeps the low byte of what fping passes to IP_TOS.
    s.tos = static_cast<std::uint8_t>(parse_c_integer(instance, "tos", *v) & 0xff);
  }
  if (const std::string* v = perl_true(instance, "fwmark")) {
    unsigned long long mark = parse_c_integer(instance, "fwmark", *v);
    if (mark < 1 || mark > 0xffffffffULL) {
      bad_value(instance, "fwmark", *v, "is not between 1 and 4294967295");
    }
    s.fwmark = static_cast<std::uint32_t>(mark);
  }
  if (const std::string* v = perl_true(instance, "sourceaddress")) {
    unsigned char buf[sizeof(in6_addr)];
    if (inet_pton(s.family, v->c_str(), buf) != 1) {
      bad_value(instance, "sourceaddress", *v,
                v6 ? "is not an IPv6 address" : "is not an IPv4 address");
    }
    s.sourceaddress = *v;
  }
  if (const std::string* v = perl_true(instance, "interface")) s.interface = *v;
  if (const std::string* v = instance.var("blazemode")) s.blazemode = *v == "true";
  // `binary` and `usestdout` only told the original how to run fping and read its output; the
  // pings are sent in-process here, so no fping binary is ever executed.
  return s;
}

}  // namespace smokeping::probes
