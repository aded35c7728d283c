#include "src/store/detail/lock_retry.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "src/store/detail/rrd_lib.hpp"

namespace smokeping::store::detail {
namespace {

using namespace std::chrono_literals;

const std::string kLockText = "could not lock RRD";

TEST(LockRetry, CallMetByALockIsMadeAgainUntilItSucceeds) {
  int calls = 0;
  auto result = retry_while_locked(
      [&]() -> std::optional<std::string> {
        ++calls;
        if (calls < 4) return kLockText;
        return std::nullopt;
      },
      LockRetry{1000ms, 1ms, 1ms});
  EXPECT_FALSE(result);
  EXPECT_EQ(calls, 4);
}

TEST(LockRetry, OtherErrorsAreNotRetried) {
  int calls = 0;
  auto result = retry_while_locked(
      [&]() -> std::optional<std::string> {
        ++calls;
        return std::string("illegal attempt to update using time 10 when last update time is 20");
      },
      LockRetry{1000ms, 1ms, 1ms});
  ASSERT_TRUE(result);
  EXPECT_EQ(calls, 1);
}

TEST(LockRetry, GivesUpWithTheLockErrorWhenTheBudgetIsSpent) {
  int calls = 0;
  auto started = std::chrono::steady_clock::now();
  FetchRead read = retry_while_locked(
      [&] {
        ++calls;
        FetchRead r;
        r.error = kLockText;
        return r;
      },
      LockRetry{20ms, 1ms, 4ms});
  ASSERT_TRUE(read.error);
  EXPECT_TRUE(is_lock_conflict(*read.error));
  EXPECT_GT(calls, 2);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 20ms);
}

// With librrd itself: while another process holds a read lock (as the CGI does while it draws)
// an update meets librrd's lock text, is retried for the whole budget, and fails with that
// text; once the lock is gone the same update goes in.
TEST(LockRetry, LibrrdUpdateWaitsOutAReadersLock) {
  auto dir = std::filesystem::temp_directory_path() / ("lock_retry_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string rrd = (dir / "t.rrd").string();
  auto created = rrd_run(RrdVerb::create, {rrd, "--start", "1000000000", "--step", "60",
                                           "DS:a:GAUGE:120:U:U", "RRA:AVERAGE:0.5:1:10"});
  ASSERT_FALSE(created) << *created;
  int locked[2], release[2];
  ASSERT_EQ(::pipe(locked), 0);
  ASSERT_EQ(::pipe(release), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int fd = ::open(rrd.c_str(), O_RDONLY);
    struct flock lock {};
    lock.l_type = F_RDLCK;
    lock.l_whence = SEEK_SET;
    char byte = ::fcntl(fd, F_SETLK, &lock) == 0 ? 'y' : 'n';
    (void)!::write(locked[1], &byte, 1);
    (void)!::read(release[0], &byte, 1);
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(locked[0], &byte, 1), 1);
  ASSERT_EQ(byte, 'y');

  auto started = std::chrono::steady_clock::now();
  auto error = rrd_run(RrdVerb::update, {rrd, "1000000060:5"});
  auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(error);
  EXPECT_TRUE(is_lock_conflict(*error)) << *error;
  EXPECT_GE(waited, LockRetry{}.budget);

  (void)!::write(release[1], "x", 1);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_FALSE(rrd_run(RrdVerb::update, {rrd, "1000000060:5"}));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace smokeping::store::detail
