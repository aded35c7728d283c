// Runs a notification program to its end or to a deadline, whichever comes first.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace smokeping::alerts::detail {

struct RunResult {
  enum class Status { exited, killed_by_signal, timed_out, not_started };
  Status status = Status::not_started;
  int code = 0;  // exit status, signal number, or errno for not_started
  bool ok() const { return status == Status::exited && code == 0; }
};

// Starts argv[0] (searched in PATH) in its own process group with default signal handling,
// stdin from `input` (or /dev/null), stdout and stderr inherited. On timeout the whole group
// is killed.
RunResult run_program(const std::vector<std::string>& argv, const std::optional<std::string>& input,
                      std::chrono::milliseconds timeout);

std::string describe(const RunResult& result);

}  // namespace smokeping::alerts::detail
