// One DNS query and its answer over a NetConnection, UDP or TCP (RFC 1035 §4.2: TCP messages
// carry a two-byte length). Private to src/probes.
#pragma once

#include <optional>
#include <string>

#include "dns_message.hpp"
#include "host_resolver.hpp"
#include "net_connection.hpp"

namespace smokeping::probes {

enum class DnsTransport { udp, tcp };

struct DnsExchange {
  NetResult net;                    // not ok: no answer (timeout, refused, closed ...)
  std::optional<DnsAnswer> answer;  // the answer whose id matches the query's
};

// Sends `query` and waits until `deadline` for the answer with its id; other datagrams are
// skipped (a late answer to an earlier query must not count for this one).
DnsExchange exchange_dns(NetConnection& connection, DnsTransport transport, const DnsQuery& query,
                         NetConnection::Deadline deadline);

// A Resolver (host_resolver.hpp) that asks the DNS server at `address`:`port` (numeric) for A or
// AAAA records instead of the system's resolver: tests resolve names with their own server.
Resolver dns_server_resolver(const std::string& address, std::uint16_t port);

}  // namespace smokeping::probes
