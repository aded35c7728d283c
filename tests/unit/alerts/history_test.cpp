#include "smokeping/alerts/history.hpp"

#include <gtest/gtest.h>

namespace smokeping::alerts {
namespace {

TEST(History, FreshHistoryHoldsTheStartMarker) {
  History h = History::fresh();
  EXPECT_EQ(h.loss, Series{Value::start()});
  EXPECT_EQ(h.rtt, Series{Value::start()});
}

TEST(History, LossBecomesAPercentageAndUnknownLossCountsAsNone) {
  History h = History::fresh();
  h.push("3", "0.0105", 20, 10);
  h.push("U", "U", 20, 10);
  EXPECT_EQ(h.loss, (Series{Value::start(), Value::of(15), Value::of(0)}));
  EXPECT_EQ(h.rtt, (Series{Value::start(), Value::of(0.0105), Value::unknown()}));
}

TEST(History, KeepsAtMostTheLongestPattern) {
  History h = History::fresh();
  for (int i = 0; i < 5; ++i) h.push("0", "0.001", 10, 3);
  EXPECT_EQ(h.loss.size(), 3u);
  h.trim(1);
  EXPECT_EQ(h.loss.size(), 1u);
  h.trim(0);  // never empty: the newest round stays
  EXPECT_EQ(h.rtt.size(), 1u);
}

TEST(History, OddTextIsKeptButIsNoNumber) {
  Value v = Value::parse("nan");
  EXPECT_EQ(v.kind, Value::Kind::text);
  EXPECT_EQ(Value::parse("2.5e-03").kind, Value::Kind::number);
}

TEST(History, PerlIndexingCountsFromTheEndAndOutOfRangeIsUnknown) {
  Series s{Value::of(1), Value::of(2), Value::of(3)};
  EXPECT_EQ(at(s, -1), Value::of(3));
  EXPECT_EQ(at(s, 0), Value::of(1));
  EXPECT_EQ(at(s, -4), Value::unknown());
  EXPECT_EQ(at(s, 3), Value::unknown());
}

}  // namespace
}  // namespace smokeping::alerts
