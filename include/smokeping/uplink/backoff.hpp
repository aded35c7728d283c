// How long the slave waits between attempts to reach a master that does not answer
// (closing §12 W13: the original exits instead): doubling delays, capped, with jitter so a
// fleet of slaves does not hit a recovering master in step.
#pragma once

#include <chrono>
#include <functional>

namespace smokeping::uplink {

class Backoff {
 public:
  // `random` yields numbers in [0, 1); the default draws them from the system's generator.
  Backoff(std::chrono::milliseconds first = std::chrono::seconds(1),
          std::chrono::milliseconds cap = std::chrono::minutes(5),
          std::function<double()> random = {});

  // The wait before the next attempt: first, 2*first, 4*first ... up to cap, each shortened
  // by a random part of at most a half.
  std::chrono::milliseconds next();

  // After a success: the next failure starts again from `first`.
  void reset() { current_ = first_; }

 private:
  std::chrono::milliseconds first_, cap_, current_;
  std::function<double()> random_;
};

}  // namespace smokeping::uplink
