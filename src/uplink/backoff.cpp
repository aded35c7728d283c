#include "smokeping/uplink/backoff.hpp"

#include <algorithm>
#include <random>

namespace smokeping::uplink {

Backoff::Backoff(std::chrono::milliseconds first, std::chrono::milliseconds cap,
                 std::function<double()> random)
    : first_(first), cap_(std::max(cap, first)), current_(first), random_(std::move(random)) {
  if (!random_) {
    random_ = [rng = std::mt19937_64{std::random_device{}()}]() mutable {
      return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    };
  }
}

std::chrono::milliseconds Backoff::next() {
  std::chrono::milliseconds base = current_;
  current_ = std::min(cap_, current_ * 2);
  double fraction = std::clamp(random_(), 0.0, 1.0);
  auto jitter = std::chrono::milliseconds(static_cast<long long>(base.count() * 0.5 * fraction));
  return base - jitter;
}

}  // namespace smokeping::uplink
