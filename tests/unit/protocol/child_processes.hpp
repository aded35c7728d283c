// Children forked by a test, reaped each by its own pid (never waitpid(-1): that would reap
// children of other parts of the test binary too) within a deadline, so that a child that
// hangs fails the test instead of hanging it.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <vector>

namespace smokeping::protocol::testing {

class Children {
 public:
  explicit Children(std::chrono::steady_clock::duration limit)
      : deadline_(std::chrono::steady_clock::now() + limit) {}
  Children(const Children&) = delete;
  Children& operator=(const Children&) = delete;
  // A test that returns early (a failed ASSERT) leaves no child behind.
  ~Children() { kill_all(); }

  void add(pid_t pid) { pids_.push_back(pid); }

  // Reaps the children that ended (each must have exited 0) and says whether some still run.
  // Past the deadline the rest are killed and reaped, the test fails, and the answer is false.
  bool running() {
    for (auto it = pids_.begin(); it != pids_.end();) {
      int status = 0;
      pid_t done = ::waitpid(*it, &status, WNOHANG);
      if (done == 0) {
        ++it;
        continue;
      }
      EXPECT_EQ(done, *it) << "waitpid of child " << *it << " failed";
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << "child " << *it << " ended with status " << status;
      it = pids_.erase(it);
    }
    if (pids_.empty()) return false;
    if (std::chrono::steady_clock::now() < deadline_) return true;
    ADD_FAILURE() << pids_.size() << " child process(es) still running at the deadline, killed";
    kill_all();
    return false;
  }

 private:
  void kill_all() {
    for (pid_t pid : pids_) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    pids_.clear();
  }

  std::chrono::steady_clock::time_point deadline_;
  std::vector<pid_t> pids_;
};

}  // namespace smokeping::protocol::testing
