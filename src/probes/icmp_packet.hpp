// ICMP echo packets as bytes, and the addresses they travel between. Pure code: no sockets, no
// clock. Private to src/probes; tests include it.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace smokeping::probes {

// A numeric IPv4 or IPv6 address, ready for sendto(). Parsed once per round from the resolver's
// text, so the send loop never resolves anything.
class IcmpAddress {
 public:
  // nullopt unless `text` is a numeric address of `family`. An IPv6 address may carry a zone
  // ("fe80::1%eth0", as getnameinfo writes link-local ones), by interface name or index.
  static std::optional<IcmpAddress> parse(const std::string& text, int family);

  int family() const { return addr_.any.sa_family; }
  const sockaddr* sockaddr_ptr() const { return &addr_.any; }
  socklen_t length() const;
  // Whether a packet from `from` came from this address. The zone is left out: the kernel
  // reports the interface the reply came in on, which names the same link differently.
  bool same_host(const sockaddr* from, socklen_t len) const;

 private:
  IcmpAddress() = default;
  union {
    sockaddr any;
    sockaddr_in v4;
    sockaddr_in6 v6;
  } addr_{};
};

// Written at the start of every request's payload and echoed back: which round (nonce) and
// which wave a reply belongs to, so a late reply can never pass for a later wave's.
struct EchoTag {
  std::uint32_t nonce = 0;
  std::uint32_t wave = 0;
  bool operator==(const EchoTag&) const = default;
};
inline constexpr std::size_t kEchoTagBytes = 8;

// The RFC 1071 checksum of `bytes` (0 when a packet holding its own checksum is intact).
std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes);

// Echo requests of one size and ident; only the sequence number and the tag change per ping.
class EchoRequestBuilder {
 public:
  // `data_bytes` is the payload after the 8-byte ICMP header, at least kEchoTagBytes.
  EchoRequestBuilder(int family, std::uint16_t ident, int data_bytes);
  // The packet for one ping; valid until the next call. IPv6's checksum is left to the kernel,
  // which always computes it for ICMPv6 raw sockets.
  std::span<const std::uint8_t> build(std::uint16_t sequence, const EchoTag& tag);

 private:
  bool v4_;
  std::vector<std::uint8_t> packet_;
  std::uint32_t fixed_sum_ = 0;  // of everything that stays the same, for a cheap checksum
};

struct EchoReply {
  std::uint16_t ident = 0;
  std::uint16_t sequence = 0;
  std::optional<EchoTag> tag;  // nullopt when the payload is too short to hold one
};

// The echo reply in `bytes` as a raw socket of `family` delivers it (IPv4 with its IP header,
// IPv6 without), or nullopt for anything else: other ICMP types, short or corrupt packets.
std::optional<EchoReply> parse_echo_reply(int family, std::span<const std::uint8_t> bytes);

}  // namespace smokeping::probes
