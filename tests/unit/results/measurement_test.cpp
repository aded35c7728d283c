// Update strings against the original's verified table (web-and-rrd.md §1.5, pings = 5).
#include "smokeping/results/measurement.hpp"

#include <gtest/gtest.h>

namespace {

using smokeping::results::Measurement;
using smokeping::results::Rtt;
using smokeping::results::update_string;

Measurement from_ms(std::vector<double> ms, int pings = 5) {
  Measurement m;
  m.target = "A/b";
  m.pings = pings;
  for (double v : ms) m.rtts.push_back(Rtt(static_cast<long>(v * 1'000'000)));
  return m;
}

TEST(UpdateString, AllRepliesSortedWithUpperMedian) {
  EXPECT_EQ(update_string(from_ms({0.50, 0.10, 0.40, 0.30, 0.20})),
            "U:0:3.0000000000e-04:1.0000000000e-04:2.0000000000e-04:3.0000000000e-04:"
            "4.0000000000e-04:5.0000000000e-04");
}

TEST(UpdateString, OneLossGoesAfterTheReplies) {
  EXPECT_EQ(update_string(from_ms({0.40, 0.10, 0.30, 0.20})),
            "U:1:3.0000000000e-04:1.0000000000e-04:2.0000000000e-04:3.0000000000e-04:"
            "4.0000000000e-04:U");
}

TEST(UpdateString, LossesAreSplitAroundTheReplies) {
  EXPECT_EQ(update_string(from_ms({0.40, 0.10, 0.30})),
            "U:2:3.0000000000e-04:U:1.0000000000e-04:3.0000000000e-04:4.0000000000e-04:U");
}

TEST(UpdateString, NoReplyIsAllUnknown) {
  EXPECT_EQ(update_string(from_ms({})), "U:5:U:U:U:U:U:U");
}

TEST(UpdateString, UptimeOnlyForDynamicHostsWithReplies) {
  Measurement m = from_ms({1.0, 1.0, 1.0}, 3);
  m.uptime = 42;
  EXPECT_EQ(update_string(m).substr(0, 5), "42:0:");
  Measurement lost = from_ms({}, 3);
  lost.uptime = 42;
  EXPECT_EQ(update_string(lost), "U:3:U:U:U:U");
}

TEST(RoundStats, EvenCountTakesUpperMiddle) {
  auto stats = smokeping::results::round_stats(from_ms({4, 1, 3, 2}, 4));
  EXPECT_EQ(stats.median, Rtt(3'000'000));
  EXPECT_EQ(stats.loss, 0);
}

}  // namespace
