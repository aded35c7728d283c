#include "tests/unit/protocol/child_processes.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>

namespace smokeping::protocol::testing {
namespace {

pid_t fork_child(int exit_code, bool hang) {
  pid_t pid = ::fork();
  if (pid == 0) {
    while (hang) ::pause();
    ::_exit(exit_code);
  }
  return pid;
}

bool reaped(pid_t pid) {
  errno = 0;
  return ::waitpid(pid, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

TEST(Children, ChildrenThatExitZeroAreReapedWithoutFailure) {
  Children children(std::chrono::seconds(60));
  pid_t a = fork_child(0, false), b = fork_child(0, false);
  children.add(a);
  children.add(b);
  while (children.running()) ::usleep(1000);  // waiting for two short-lived children
  EXPECT_TRUE(reaped(a));
  EXPECT_TRUE(reaped(b));
}

TEST(Children, AChildThatFailsFailsTheTest) {
  Children children(std::chrono::seconds(60));
  pid_t pid = fork_child(3, false);
  children.add(pid);
  EXPECT_NONFATAL_FAILURE(
      {
        while (children.running()) ::usleep(1000);  // waiting for a short-lived child
      },
      "ended with status");
  EXPECT_TRUE(reaped(pid));
}

TEST(Children, AChildRunningPastTheDeadlineIsKilledAndFailsTheTest) {
  Children children(std::chrono::seconds(0));
  pid_t pid = fork_child(0, true);
  children.add(pid);
  EXPECT_NONFATAL_FAILURE(EXPECT_FALSE(children.running()), "still running at the deadline");
  EXPECT_TRUE(reaped(pid));
}

}  // namespace
}  // namespace smokeping::protocol::testing
