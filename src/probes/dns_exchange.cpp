#include "dns_exchange.hpp"

#include <sys/socket.h>

#include <chrono>

namespace smokeping::probes {

namespace {

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

DnsExchange exchange_udp(NetConnection& connection, const DnsQuery& query,
                         NetConnection::Deadline deadline) {
  std::string wire(query.wire.begin(), query.wire.end());
  NetResult sent = connection.send_all(wire, deadline);
  if (!sent.ok()) return {sent, std::nullopt};
  for (;;) {
    std::string datagram;
    NetResult r = connection.receive(datagram, deadline);
    if (!r.ok()) return {r, std::nullopt};
    auto answer = parse_dns_answer(bytes(datagram));
    if (answer && answer->id == query.id) return {{}, std::move(answer)};
  }
}

DnsExchange exchange_tcp(NetConnection& connection, const DnsQuery& query,
                         NetConnection::Deadline deadline) {
  std::string wire;
  wire.push_back(static_cast<char>(query.wire.size() >> 8));
  wire.push_back(static_cast<char>(query.wire.size() & 0xff));
  wire.append(query.wire.begin(), query.wire.end());
  NetResult sent = connection.send_all(wire, deadline);
  if (!sent.ok()) return {sent, std::nullopt};
  std::string stream;
  for (;;) {
    while (stream.size() >= 2) {
      std::size_t length =
          (static_cast<unsigned char>(stream[0]) << 8) | static_cast<unsigned char>(stream[1]);
      if (stream.size() < 2 + length) break;
      auto answer = parse_dns_answer(bytes(stream).subspan(2, length));
      stream.erase(0, 2 + length);
      if (answer && answer->id == query.id) return {{}, std::move(answer)};
    }
    NetResult r = connection.receive(stream, deadline);
    if (!r.ok()) return {r, std::nullopt};
  }
}

}  // namespace

DnsExchange exchange_dns(NetConnection& connection, DnsTransport transport, const DnsQuery& query,
                         NetConnection::Deadline deadline) {
  return transport == DnsTransport::udp ? exchange_udp(connection, query, deadline)
                                        : exchange_tcp(connection, query, deadline);
}

Resolver dns_server_resolver(const std::string& address, std::uint16_t port) {
  return [address, port](const std::string& host, int family) -> Resolution {
    auto peer = PeerAddress::numeric(address, port);
    if (!peer) return {{}, "bad DNS server address " + address};
    auto made = make_dns_query(host, family == AF_INET6 ? "AAAA" : "A", true);
    if (auto* error = std::get_if<DnsQueryError>(&made)) return {{}, error->reason};
    NetConnection connection(*peer, SOCK_DGRAM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    NetResult connected = connection.connect(deadline);
    if (!connected.ok()) return {{}, connected.error};
    DnsExchange x = exchange_dns(connection, DnsTransport::udp, std::get<DnsQuery>(made), deadline);
    if (!x.net.ok()) return {{}, x.net.error};
    if (x.answer->rcode != "NOERROR") return {{}, x.answer->rcode};
    if (x.answer->addresses.empty()) return {{}, "no address"};
    return {x.answer->addresses.front(), {}};
  };
}

}  // namespace smokeping::probes
