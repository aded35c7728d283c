#include "smokeping/sched/round_plan.hpp"

#include <algorithm>

namespace smokeping::sched {

RoundPlan::RoundPlan(long step, std::optional<int> offset_percent, double random_fraction)
    : step_(std::max(1L, step)) {
  if (offset_percent) {
    offset_ = (step_ * std::clamp(*offset_percent, 0, 100) / 100) % step_;
  } else {
    offset_ = static_cast<long>(std::clamp(random_fraction, 0.0, 0.999999) * step_);
  }
}

std::int64_t RoundPlan::next_start(std::int64_t now) const {
  std::int64_t base = now - ((now % step_) + step_) % step_;  // floor to a step boundary
  std::int64_t start = base + offset_;
  while (start <= now) start += step_;
  return start;
}

}  // namespace smokeping::sched
