// Echo packets as bytes: what goes on the wire, what a reply must look like to be read, and the
// numeric addresses the engine sends to.
#include "src/probes/icmp_packet.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <net/if.h>

#include <cstring>
#include <vector>

namespace {

using smokeping::probes::EchoRequestBuilder;
using smokeping::probes::EchoTag;
using smokeping::probes::IcmpAddress;
using smokeping::probes::internet_checksum;
using smokeping::probes::parse_echo_reply;

using Bytes = std::vector<std::uint8_t>;

Bytes copy(std::span<const std::uint8_t> bytes) { return Bytes(bytes.begin(), bytes.end()); }

// What a host sends back for `request`: type 0 (129 for IPv6), the rest echoed. IPv4 replies
// come with an IP header of `header_words` 32-bit words, as a raw socket delivers them.
Bytes reply_to(std::span<const std::uint8_t> request, int family, int header_words = 5) {
  Bytes icmp(request.begin(), request.end());
  icmp[0] = family == AF_INET ? 0 : 129;
  icmp[2] = icmp[3] = 0;
  if (family == AF_INET6) return icmp;
  std::uint16_t sum = internet_checksum(icmp);
  icmp[2] = static_cast<std::uint8_t>(sum >> 8);
  icmp[3] = static_cast<std::uint8_t>(sum & 0xff);
  Bytes packet(static_cast<std::size_t>(header_words) * 4, 0);
  packet[0] = static_cast<std::uint8_t>(0x40 | header_words);
  packet.insert(packet.end(), icmp.begin(), icmp.end());
  return packet;
}

TEST(IcmpPacket, ChecksumIsRfc1071s) {
  // RFC 1071 section 3's example sums to 0xddf2; the checksum is its complement.
  const Bytes example = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(internet_checksum(example), 0x220d);
  const Bytes odd = {0x01};  // an odd last byte is padded with a zero
  EXPECT_EQ(internet_checksum(odd), 0xfeff);
}

TEST(IcmpPacket, Ipv4RequestsAreWholeAndCarryTheirOwnValidChecksum) {
  for (int data : {8, 13, 56, 1000, 64000}) {
    EchoRequestBuilder builder(AF_INET, 0xbeef, data);
    for (std::uint16_t seq : {0, 1, 0x7fff, 0xffff}) {
      auto packet = builder.build(seq, EchoTag{.nonce = 0x01020304u * seq, .wave = 7});
      ASSERT_EQ(packet.size(), 8u + static_cast<std::size_t>(data));
      EXPECT_EQ(packet[0], 8);  // echo request
      EXPECT_EQ(packet[1], 0);
      EXPECT_EQ(packet[4] << 8 | packet[5], 0xbeef);
      EXPECT_EQ(packet[6] << 8 | packet[7], seq);
      EXPECT_EQ(internet_checksum(packet), 0) << "data=" << data << " seq=" << seq;
    }
  }
}

TEST(IcmpPacket, Ipv6RequestsLeaveTheChecksumToTheKernel) {
  EchoRequestBuilder builder(AF_INET6, 0x1234, 56);
  auto packet = builder.build(9, EchoTag{.nonce = 1, .wave = 2});
  ASSERT_EQ(packet.size(), 64u);
  EXPECT_EQ(packet[0], 128);
  EXPECT_EQ(packet[2], 0);
  EXPECT_EQ(packet[3], 0);
}

TEST(IcmpPacket, APayloadTooSmallForTheTagIsWidenedToHoldIt) {
  EchoRequestBuilder builder(AF_INET, 1, 4);
  EXPECT_EQ(builder.build(0, EchoTag{}).size(), 16u);
}

TEST(IcmpPacket, ARepliedRequestReadsBackItsIdentSequenceAndTag) {
  const EchoTag tag{.nonce = 0xcafef00d, .wave = 19};
  for (int family : {AF_INET, AF_INET6}) {
    EchoRequestBuilder builder(family, 0xabcd, 56);
    Bytes request = copy(builder.build(4242, tag));
    auto reply = parse_echo_reply(family, reply_to(request, family));
    ASSERT_TRUE(reply) << family;
    EXPECT_EQ(reply->ident, 0xabcd);
    EXPECT_EQ(reply->sequence, 4242);
    EXPECT_EQ(reply->tag, tag);
  }
}

TEST(IcmpPacket, AnIpv4HeaderWithOptionsIsSkipped) {
  EchoRequestBuilder builder(AF_INET, 7, 56);
  Bytes request = copy(builder.build(1, EchoTag{.nonce = 5, .wave = 0}));
  auto reply = parse_echo_reply(AF_INET, reply_to(request, AF_INET, 15));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->sequence, 1);
}

TEST(IcmpPacket, AnythingButAnIntactEchoReplyIsNotOne) {
  EchoRequestBuilder builder(AF_INET, 7, 56);
  Bytes request = copy(builder.build(1, EchoTag{}));
  Bytes good = reply_to(request, AF_INET);
  ASSERT_TRUE(parse_echo_reply(AF_INET, good));

  Bytes corrupt = good;
  corrupt.back() ^= 0x01;
  EXPECT_FALSE(parse_echo_reply(AF_INET, corrupt));
  Bytes as_request = good;  // our own request, as a raw socket on loopback also sees it
  as_request[20] = 8;
  EXPECT_FALSE(parse_echo_reply(AF_INET, as_request));
  EXPECT_FALSE(parse_echo_reply(AF_INET, std::span(good).first(27)));
  Bytes not_ipv4 = good;
  not_ipv4[0] = 0x65;
  EXPECT_FALSE(parse_echo_reply(AF_INET, not_ipv4));
  Bytes v6 = reply_to(request, AF_INET6);
  v6[0] = 1;  // destination unreachable
  EXPECT_FALSE(parse_echo_reply(AF_INET6, v6));
}

TEST(IcmpPacket, AReplyTooShortForATagHasNone) {
  Bytes header = {129, 0, 0, 0, 0x12, 0x34, 0, 9, 1, 2, 3};
  auto reply = parse_echo_reply(AF_INET6, header);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->ident, 0x1234);
  EXPECT_FALSE(reply->tag);
}

TEST(IcmpAddress, NumericAddressesOfTheFamilyOnly) {
  EXPECT_TRUE(IcmpAddress::parse("127.0.0.1", AF_INET));
  EXPECT_TRUE(IcmpAddress::parse("::1", AF_INET6));
  EXPECT_FALSE(IcmpAddress::parse("::1", AF_INET));
  EXPECT_FALSE(IcmpAddress::parse("127.0.0.1", AF_INET6));
  EXPECT_FALSE(IcmpAddress::parse("localhost", AF_INET));
  EXPECT_EQ(IcmpAddress::parse("10.0.0.1", AF_INET)->length(), sizeof(sockaddr_in));
  EXPECT_EQ(IcmpAddress::parse("::1", AF_INET6)->length(), sizeof(sockaddr_in6));
}

TEST(IcmpAddress, ALinkLocalZoneNamesTheInterface) {
  auto a = IcmpAddress::parse("fe80::1%lo", AF_INET6);
  ASSERT_TRUE(a);
  sockaddr_in6 in6;
  std::memcpy(&in6, a->sockaddr_ptr(), sizeof in6);
  EXPECT_EQ(in6.sin6_scope_id, if_nametoindex("lo"));
  EXPECT_TRUE(IcmpAddress::parse("fe80::1%1", AF_INET6));
  EXPECT_FALSE(IcmpAddress::parse("fe80::1%nosuchif0", AF_INET6));
  EXPECT_FALSE(IcmpAddress::parse("fe80::1%", AF_INET6));
}

TEST(IcmpAddress, TheSameHostIsTheSameAddressWhateverItsPortOrZone) {
  auto a = IcmpAddress::parse("fe80::1%lo", AF_INET6);
  sockaddr_in6 from{};
  from.sin6_family = AF_INET6;
  from.sin6_port = htons(58);
  inet_pton(AF_INET6, "fe80::1", &from.sin6_addr);
  EXPECT_TRUE(a->same_host(reinterpret_cast<sockaddr*>(&from), sizeof from));
  inet_pton(AF_INET6, "fe80::2", &from.sin6_addr);
  EXPECT_FALSE(a->same_host(reinterpret_cast<sockaddr*>(&from), sizeof from));

  auto b = IcmpAddress::parse("127.0.0.2", AF_INET);
  sockaddr_in in{};
  in.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.2", &in.sin_addr);
  EXPECT_TRUE(b->same_host(reinterpret_cast<sockaddr*>(&in), sizeof in));
  EXPECT_FALSE(b->same_host(reinterpret_cast<sockaddr*>(&in), sizeof in - 1));
  EXPECT_FALSE(a->same_host(reinterpret_cast<sockaddr*>(&in), sizeof in));
}

}  // namespace
