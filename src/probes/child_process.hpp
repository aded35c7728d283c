// Runs an external program to completion with a deadline, collecting its output: the one probe
// that stays external (RemoteFPing, which runs fping on another host through ssh) uses it.
// Private to src/probes.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace smokeping::probes {

struct ChildResult {
  std::string out, err;    // what it wrote to stdout and stderr
  int status = -1;         // its exit status; -1 when it did not exit normally
  bool timed_out = false;  // killed (with its process group) at the deadline
  std::string error;       // why it could not be started; empty when it ran
};

// Starts argv[0] (searched in PATH when it has no '/') with stdin from /dev/null in a process
// group of its own, and reads its output until it exits or `deadline` passes.
ChildResult run_child(const std::vector<std::string>& argv,
                      std::chrono::steady_clock::time_point deadline);

}  // namespace smokeping::probes
