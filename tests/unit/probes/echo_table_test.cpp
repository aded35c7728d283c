// Which ping a reply answers: only a waiting ping of this round, from the host it was sent to.
// Pure code; the stamps are made up.
#include "src/probes/echo_table.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using smokeping::probes::EchoIds;
using smokeping::probes::EchoReply;
using smokeping::probes::EchoStamp;
using smokeping::probes::EchoTable;
using smokeping::probes::EchoTag;
using smokeping::probes::IcmpAddress;
using namespace std::chrono_literals;

constexpr EchoIds kIds{.ident = 0x4d2e, .sequence_salt = 0xfff0, .nonce = 0x5eed1234};
constexpr std::int64_t kMs = 1'000'000;

std::vector<IcmpAddress> loopback_hosts(std::size_t n) {
  std::vector<IcmpAddress> hosts;
  for (std::size_t k = 0; k < n; ++k) {
    std::string text = "10." + std::to_string(k >> 16) + "." + std::to_string(k >> 8 & 0xff) + "." +
                       std::to_string(k & 0xff);
    hosts.push_back(*IcmpAddress::parse(text, AF_INET));
  }
  return hosts;
}

// What the host of `packet` sends back: the request's ident, sequence and tag.
EchoReply reply_to(const EchoTable& table, std::size_t packet) {
  return {.ident = kIds.ident, .sequence = table.sequence(packet), .tag = table.tag(packet)};
}

class IcmpEchoTable : public ::testing::Test {
 protected:
  // Answers `reply` as if it came from hosts_[host] at `at`.
  bool answer(EchoTable& table, const EchoReply& reply, std::size_t host, EchoStamp at) {
    return table.answer(reply, hosts_[host].sockaddr_ptr(), hosts_[host].length(), at);
  }
  std::vector<IcmpAddress> hosts_ = loopback_hosts(3);
};

TEST_F(IcmpEchoTable, PacketsAreNumberedWaveByWaveInSendOrder) {
  EchoTable table(hosts_, 6, kIds);
  EXPECT_EQ(table.packets(), 18u);
  EXPECT_EQ(table.wave_of(7), 2u);
  EXPECT_EQ(table.host_of(7), 1u);
  EXPECT_EQ(table.sequence(0), 0xfff0);
  EXPECT_EQ(table.sequence(16), 0x0000);  // wraps around
  EXPECT_EQ(table.tag(7), (EchoTag{.nonce = kIds.nonce, .wave = 2}));
}

TEST_F(IcmpEchoTable, AReplyIsTimedFromTheKernelsWallStamps) {
  EchoTable table(hosts_, 2, kIds);
  table.sent(4, {.wall_ns = 1000 * kMs, .mono_ns = 50 * kMs});
  EXPECT_TRUE(answer(table, reply_to(table, 4), 1, {.wall_ns = 1030 * kMs, .mono_ns = 82 * kMs}));
  EXPECT_EQ(table.rtt(4), 30ms);
  EXPECT_FALSE(table.waiting(4));
  EXPECT_FALSE(table.rtt(1));  // never sent
}

TEST_F(IcmpEchoTable, ALateReplyFromAnEarlierWaveIsNotTakenForTheNextOnes) {
  EchoTable table(hosts_, 3, kIds);
  table.sent(0, {.wall_ns = 0, .mono_ns = 0});                  // wave 0, host 0
  EXPECT_TRUE(table.give_up(0));                                // timed out
  table.sent(3, {.wall_ns = 100 * kMs, .mono_ns = 100 * kMs});  // wave 1, host 0
  EXPECT_FALSE(answer(table, reply_to(table, 0), 0, {130 * kMs, 130 * kMs}));
  EXPECT_TRUE(table.waiting(3));
  EXPECT_FALSE(table.rtt(0));
  EXPECT_TRUE(answer(table, reply_to(table, 3), 0, {140 * kMs, 140 * kMs}));
  EXPECT_EQ(table.rtt(3), 40ms);
}

TEST_F(IcmpEchoTable, ASecondReplyToOnePingIsDropped) {
  EchoTable table(hosts_, 1, kIds);
  table.sent(2, {0, 0});
  EXPECT_TRUE(answer(table, reply_to(table, 2), 2, {5 * kMs, 5 * kMs}));
  EXPECT_FALSE(answer(table, reply_to(table, 2), 2, {9 * kMs, 9 * kMs}));
  EXPECT_EQ(table.rtt(2), 5ms);
  EXPECT_FALSE(table.give_up(2));  // answered stays answered
  EXPECT_EQ(table.rtt(2), 5ms);
}

TEST_F(IcmpEchoTable, OnlyTheHostThatWasAskedCanAnswer) {
  EchoTable table(hosts_, 1, kIds);
  table.sent(0, {0, 0});
  EXPECT_FALSE(answer(table, reply_to(table, 0), 1, {1 * kMs, 1 * kMs}));
  EXPECT_TRUE(table.waiting(0));
}

TEST_F(IcmpEchoTable, RepliesToOtherPingersOrRoundsAreNotOurs) {
  EchoTable table(hosts_, 2, kIds);
  table.sent(1, {0, 0});
  EchoReply other_ident = reply_to(table, 1);
  other_ident.ident ^= 1;
  EchoReply other_round = reply_to(table, 1);
  other_round.tag->nonce ^= 1;
  EchoReply no_tag = reply_to(table, 1);
  no_tag.tag.reset();
  EchoReply no_such_wave = reply_to(table, 1);
  no_such_wave.tag->wave = 2;
  EchoReply other_sequence = reply_to(table, 1);
  ++other_sequence.sequence;
  for (const EchoReply& r : {other_ident, other_round, no_tag, no_such_wave, other_sequence}) {
    EXPECT_FALSE(answer(table, r, 1, {1 * kMs, 1 * kMs}));
  }
  EXPECT_TRUE(table.waiting(1));
}

TEST_F(IcmpEchoTable, ASteppedWallClockFallsBackToTheSteadyOne) {
  EchoTable table(hosts_, 1, kIds);
  table.sent(0, {.wall_ns = 5000 * kMs, .mono_ns = 10 * kMs});
  table.sent(1, {.wall_ns = 5000 * kMs, .mono_ns = 10 * kMs});
  // Stepped back by a second, then forward by one: neither is a round trip time.
  EXPECT_TRUE(answer(table, reply_to(table, 0), 0, {4002 * kMs, 13 * kMs}));
  EXPECT_TRUE(answer(table, reply_to(table, 1), 1, {6002 * kMs, 13 * kMs}));
  EXPECT_EQ(table.rtt(0), 3ms);
  EXPECT_EQ(table.rtt(1), 3ms);
}

TEST(IcmpEchoTableWide, MoreHostsThanSequenceNumbersAreToldApartBySender) {
  // 70 000 hosts: host 5 and host 65 541 of one wave share a sequence number.
  std::vector<IcmpAddress> hosts = loopback_hosts(70'000);
  EchoTable table(hosts, 2, kIds);
  const std::size_t low = 70'000 + 5, high = 70'000 + 65'541;  // both in wave 1
  ASSERT_EQ(table.sequence(low), table.sequence(high));
  table.sent(low, {0, 0});
  table.sent(high, {0, 0});
  EXPECT_TRUE(table.answer(reply_to(table, high), hosts[65'541].sockaddr_ptr(),
                           hosts[65'541].length(), {2 * kMs, 2 * kMs}));
  EXPECT_TRUE(table.waiting(low));
  EXPECT_EQ(table.rtt(high), 2ms);
  EXPECT_TRUE(table.answer(reply_to(table, low), hosts[5].sockaddr_ptr(), hosts[5].length(),
                           {4 * kMs, 4 * kMs}));
  EXPECT_EQ(table.rtt(low), 4ms);
}

}  // namespace
