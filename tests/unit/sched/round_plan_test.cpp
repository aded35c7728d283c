#include "smokeping/sched/round_plan.hpp"

#include <gtest/gtest.h>

namespace {

using smokeping::sched::RoundPlan;

TEST(RoundPlan, PercentOffsetIsAFixedPartOfTheStep) {
  RoundPlan plan(300, 50, 0.0);
  EXPECT_EQ(plan.offset(), 150);
  EXPECT_EQ(plan.next_start(3000), 3150);
  EXPECT_EQ(plan.next_start(3150), 3450);  // strictly after now
  EXPECT_EQ(plan.next_start(3149), 3150);
}

TEST(RoundPlan, RandomOffsetStaysInsideTheStep) {
  EXPECT_EQ(RoundPlan(300, std::nullopt, 0.5).offset(), 150);
  EXPECT_EQ(RoundPlan(300, std::nullopt, 0.0).offset(), 0);
  EXPECT_LT(RoundPlan(300, std::nullopt, 1.0).offset(), 300);
}

TEST(RoundPlan, HundredPercentWrapsToTheBoundary) {
  EXPECT_EQ(RoundPlan(60, 100, 0.0).offset(), 0);
  EXPECT_EQ(RoundPlan(10, 0, 0.0).next_start(25), 30);
}

}  // namespace
