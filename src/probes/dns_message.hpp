// DNS queries and answers as bytes on the wire, built and read by ldns (the only file that
// includes it). ldns rather than c-ares: the probes need any record type by name, the answer's
// header bits and its records as text, and send the packets themselves to time them; c-ares
// would own the sockets. Private to src/probes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace smokeping::probes {

struct DnsQuery {
  std::vector<std::uint8_t> wire;
  std::uint16_t id = 0;
};

struct DnsQueryError {
  std::string reason;  // e.g. "unknown record type 'XYZ'"
};

// A query for `name` of `type` ("A", "AAAA", "MX", ... as dig spells them), class IN, with a
// random id; recursion desired when `recursion` is set.
std::variant<DnsQuery, DnsQueryError> make_dns_query(const std::string& name,
                                                     const std::string& type, bool recursion);

struct DnsAnswer {
  std::uint16_t id = 0;
  std::string rcode;  // "NOERROR", "NXDOMAIN", ...
  int answers = 0;    // ANCOUNT
  bool authoritative = false;
  bool truncated = false;
  std::vector<std::string> records;    // the answer section's records, as dig prints them
  std::vector<std::string> addresses;  // the A and AAAA records' addresses
};

// nullopt when the bytes are not a DNS message.
std::optional<DnsAnswer> parse_dns_answer(std::span<const std::uint8_t> wire);

}  // namespace smokeping::probes
