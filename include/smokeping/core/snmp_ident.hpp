// The SNMP identity of a DYNAMIC host (web-and-rrd.md §2.2): an SNMPv1 GET of sysContact.0,
// sysName.0 and sysLocation.0 with community "public", as the original's snmpget_ident does
// through SNMP_util (1 s timeout, 1 retry). The CGI keeps the answer in <path>.snmp when the
// host reports its address, and the daemon probes that address only while the host still
// gives the same answer. In core because both web/ and sched/ ask it (they share no other
// module). The BER is written by hand: this one request is all this program ever sends.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smokeping::core {

// The bytes of an SNMPv1 GetRequest for sysContact.0, sysName.0 and sysLocation.0.
std::string snmp_ident_request(std::int32_t request_id, std::string_view community);

// The values of an SNMPv1 GetResponse to `request_id`, in order: octet strings as they are,
// integers, counters, gauges and timeticks in decimal, IpAddress dotted; nullopt for a value
// of another type. nullopt for the whole when the packet is not that response, is malformed,
// or reports an error (SNMP_util then gives no values at all).
std::optional<std::vector<std::optional<std::string>>> snmp_response_values(
    std::string_view packet, std::int32_t request_id);

// The original's identity text: the values that are there joined by '/', every whitespace
// character removed; nullopt when that leaves nothing (or "0", which Perl takes for false).
std::optional<std::string> snmp_ident_text(const std::vector<std::optional<std::string>>& values);

struct SnmpQuery {
  std::string address;  // IPv4 or IPv6 literal
  std::uint16_t port = 161;
  std::chrono::milliseconds timeout{1000};  // per attempt
  int retries = 1;                          // further attempts after the first
};

// Asks `query.address` for its identity; nullopt when it does not answer in time or answers
// with an error. Blocks at most (retries + 1) * timeout.
std::optional<std::string> snmp_ident(const SnmpQuery& query);

}  // namespace smokeping::core
