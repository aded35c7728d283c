// When rounds start: every `step` seconds at a fixed offset into the step (the original's
// `offset`, a percentage or random), so that probes share the step politely.
#pragma once

#include <cstdint>
#include <optional>

namespace smokeping::sched {

class RoundPlan {
 public:
  // `offset_percent` nullopt means random: `random_fraction` in [0, 1) picks the offset once.
  RoundPlan(long step, std::optional<int> offset_percent, double random_fraction);

  long step() const { return step_; }
  long offset() const { return offset_; }

  // The first round start strictly after `now` (epoch seconds): k * step + offset.
  std::int64_t next_start(std::int64_t now) const;

 private:
  long step_;
  long offset_;
};

}  // namespace smokeping::sched
