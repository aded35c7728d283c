// Waiting for a master that does not answer: doubling, capped, jittered.
#include "smokeping/uplink/backoff.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using smokeping::uplink::Backoff;

TEST(Backoff, DoublesUpToTheCapWithoutJitter) {
  Backoff b(1s, 10s, [] { return 0.0; });
  std::vector<long long> got;
  for (int i = 0; i < 6; ++i) got.push_back(b.next().count());
  EXPECT_EQ(got, (std::vector<long long>{1000, 2000, 4000, 8000, 10000, 10000}));
}

TEST(Backoff, JitterShortensByAtMostAHalf) {
  double r = 0.999;
  Backoff b(1s, 300s, [&] { return r; });
  for (int i = 0; i < 20; ++i) {
    auto d = b.next();
    EXPECT_GE(d.count(), 500);
    EXPECT_LE(d.count(), 300000);
  }
  Backoff fixed(4s, 4s, [] { return 0.5; });
  EXPECT_EQ(fixed.next(), 3s);
}

TEST(Backoff, ResetStartsOver) {
  Backoff b(1s, 300s, [] { return 0.0; });
  b.next();
  b.next();
  b.reset();
  EXPECT_EQ(b.next(), 1s);
}

TEST(Backoff, DefaultRandomStaysWithinBounds) {
  Backoff b;
  for (int i = 0; i < 50; ++i) {
    auto d = b.next();
    EXPECT_GE(d, 500ms);
    EXPECT_LE(d, 5min);
  }
}

}  // namespace
