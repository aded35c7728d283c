#include "icmp_packet.hpp"

#include <arpa/inet.h>
#include <net/if.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace smokeping::probes {

namespace {

constexpr std::size_t kIcmpHeaderBytes = 8;
constexpr std::uint8_t kEchoRequestV4 = 8;
constexpr std::uint8_t kEchoReplyV4 = 0;
constexpr std::uint8_t kEchoRequestV6 = 128;
constexpr std::uint8_t kEchoReplyV6 = 129;

// The one's complement sum of big-endian 16-bit words, not yet folded.
std::uint32_t ones_sum(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0) {
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2)
    sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (i < bytes.size()) sum += static_cast<std::uint32_t>(bytes[i] << 8);
  return sum;
}

std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

void put16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v & 0xff);
}

std::uint16_t get16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

}  // namespace

std::optional<IcmpAddress> IcmpAddress::parse(const std::string& text, int family) {
  IcmpAddress a;
  if (family == AF_INET) {
    a.addr_.v4.sin_family = AF_INET;
    if (inet_pton(AF_INET, text.c_str(), &a.addr_.v4.sin_addr) != 1) return std::nullopt;
    return a;
  }
  if (family != AF_INET6) return std::nullopt;
  a.addr_.v6.sin6_family = AF_INET6;
  std::string host = text;
  if (auto percent = text.find('%'); percent != std::string::npos) {
    host = text.substr(0, percent);
    std::string zone = text.substr(percent + 1);
    if (zone.empty()) return std::nullopt;
    unsigned index = if_nametoindex(zone.c_str());
    if (index == 0 &&
        std::all_of(zone.begin(), zone.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      index = static_cast<unsigned>(std::strtoul(zone.c_str(), nullptr, 10));
    }
    if (index == 0) return std::nullopt;
    a.addr_.v6.sin6_scope_id = index;
  }
  if (inet_pton(AF_INET6, host.c_str(), &a.addr_.v6.sin6_addr) != 1) return std::nullopt;
  return a;
}

socklen_t IcmpAddress::length() const {
  return family() == AF_INET ? socklen_t{sizeof(sockaddr_in)} : socklen_t{sizeof(sockaddr_in6)};
}

bool IcmpAddress::same_host(const sockaddr* from, socklen_t len) const {
  if (len < length() || from->sa_family != family()) return false;
  if (family() == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, from, sizeof in);
    return in.sin_addr.s_addr == addr_.v4.sin_addr.s_addr;
  }
  sockaddr_in6 in6;
  std::memcpy(&in6, from, sizeof in6);
  return std::memcmp(&in6.sin6_addr, &addr_.v6.sin6_addr, sizeof in6.sin6_addr) == 0;
}

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes) {
  return fold(ones_sum(bytes));
}

EchoRequestBuilder::EchoRequestBuilder(int family, std::uint16_t ident, int data_bytes)
    : v4_(family == AF_INET),
      packet_(kIcmpHeaderBytes +
              std::max<std::size_t>(kEchoTagBytes, static_cast<std::size_t>(data_bytes))) {
  // The payload after the tag stays zero, as fping sends it.
  packet_[0] = v4_ ? kEchoRequestV4 : kEchoRequestV6;
  put16(&packet_[4], ident);
  fixed_sum_ = ones_sum(packet_);
}

std::span<const std::uint8_t> EchoRequestBuilder::build(std::uint16_t sequence,
                                                        const EchoTag& tag) {
  put16(&packet_[6], sequence);
  std::memcpy(&packet_[kIcmpHeaderBytes], &tag.nonce, sizeof tag.nonce);
  std::memcpy(&packet_[kIcmpHeaderBytes + 4], &tag.wave, sizeof tag.wave);
  if (v4_) {
    // Only the sequence and the tag changed since fixed_sum_, so a large payload is not summed
    // again for every ping. Both sit at even offsets, so their words add on their own.
    std::uint32_t sum = fixed_sum_ + sequence;
    sum = ones_sum(std::span(packet_).subspan(kIcmpHeaderBytes, kEchoTagBytes), sum);
    put16(&packet_[2], fold(sum));
  }
  return packet_;
}

std::optional<EchoReply> parse_echo_reply(int family, std::span<const std::uint8_t> bytes) {
  std::span<const std::uint8_t> icmp = bytes;
  if (family == AF_INET) {
    if (bytes.size() < 20 || bytes[0] >> 4 != 4) return std::nullopt;
    std::size_t header = static_cast<std::size_t>(bytes[0] & 0x0f) * 4;
    if (header < 20 || bytes.size() < header + kIcmpHeaderBytes) return std::nullopt;
    icmp = bytes.subspan(header);
    // The kernel checks ICMPv6 checksums for raw sockets, but leaves ICMP's to the reader.
    if (icmp[0] != kEchoReplyV4 || icmp[1] != 0 || internet_checksum(icmp) != 0) {
      return std::nullopt;
    }
  } else {
    if (icmp.size() < kIcmpHeaderBytes || icmp[0] != kEchoReplyV6 || icmp[1] != 0) {
      return std::nullopt;
    }
  }
  EchoReply reply;
  reply.ident = get16(&icmp[4]);
  reply.sequence = get16(&icmp[6]);
  if (icmp.size() >= kIcmpHeaderBytes + kEchoTagBytes) {
    EchoTag tag;
    std::memcpy(&tag.nonce, &icmp[kIcmpHeaderBytes], sizeof tag.nonce);
    std::memcpy(&tag.wave, &icmp[kIcmpHeaderBytes + 4], sizeof tag.wave);
    reply.tag = tag;
  }
  return reply;
}

}  // namespace smokeping::probes
