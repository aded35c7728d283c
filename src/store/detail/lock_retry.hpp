// librrd takes its fcntl locks without waiting: an update fails at once while the CGI reads the
// file for a graph (a read lock), and a graph fails while the daemon writes. Both holders are
// done within milliseconds, so a call that met a lock is made again for a while instead of
// losing a row or a graph (found by the 100-slave load test).
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace smokeping::store::detail {

// librrd's text for a lock held by another process (rrd_open.c, "could not lock RRD").
inline bool is_lock_conflict(std::string_view error) {
  return error.find("could not lock") != std::string_view::npos;
}

struct LockRetry {
  std::chrono::milliseconds budget{3000};   // total time spent waiting, at most
  std::chrono::milliseconds first_wait{2};  // doubled after each try, up to max_wait
  std::chrono::milliseconds max_wait{100};
};

inline const std::optional<std::string>& error_of(const std::optional<std::string>& error) {
  return error;
}
template <class Read>
const std::optional<std::string>& error_of(const Read& read) {
  return read.error;
}

// Calls `call()` until its error is not a lock conflict or `policy.budget` is spent; returns
// the last result. `call` must not hold anything another process waits for between tries.
template <class Call>
auto retry_while_locked(Call&& call, const LockRetry& policy = {}) {
  auto result = call();
  auto wait = policy.first_wait;
  auto waited = std::chrono::milliseconds::zero();
  while (error_of(result) && is_lock_conflict(*error_of(result)) && waited < policy.budget) {
    auto pause = std::min(wait, policy.budget - waited);
    std::this_thread::sleep_for(pause);
    waited += pause;
    wait = std::min(wait * 2, policy.max_wait);
    result = call();
  }
  return result;
}

}  // namespace smokeping::store::detail
