#include "src/alerts/detail/spawn.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace smokeping::alerts::detail {

namespace {

// The program's stdin: a memory file holding `input`, rewound.
int input_fd(const std::string& input) {
  int fd = static_cast<int>(::memfd_create("smokeping-alert", MFD_CLOEXEC));
  if (fd < 0) return -1;
  std::size_t done = 0;
  while (done < input.size()) {
    ssize_t n = ::write(fd, input.data() + done, input.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return -1;
    }
    done += static_cast<std::size_t>(n);
  }
  ::lseek(fd, 0, SEEK_SET);
  return fd;
}

// Waits for `pid` until the deadline; a pidfd lets poll() do the waiting where the kernel has
// one, otherwise the exit is checked in short steps.
std::optional<int> wait_until(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  for (;;) {
    int status = 0;
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      if (pidfd >= 0) ::close(pidfd);
      return status;
    }
    if (done < 0 && errno != EINTR) {
      if (pidfd >= 0) ::close(pidfd);
      return 0;  // reaped elsewhere; nothing more to learn
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      if (pidfd >= 0) ::close(pidfd);
      return std::nullopt;
    }
    if (pidfd >= 0) {
      struct pollfd p {
        pidfd, POLLIN, 0
      };
      ::poll(&p, 1, static_cast<int>(std::min<long>(left.count(), 1000)));
    } else {
      std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(20)));
    }
  }
}

}  // namespace

RunResult run_program(const std::vector<std::string>& argv, const std::optional<std::string>& input,
                      std::chrono::milliseconds timeout) {
  RunResult result;
  if (argv.empty()) {
    result.code = EINVAL;
    return result;
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  int in = input ? input_fd(*input) : ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    result.code = errno;
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // The daemon's threads block its signals; the program must start with none blocked.
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in);
  if (rc != 0) {
    result.code = rc;
    return result;
  }
  auto status = wait_until(pid, std::chrono::steady_clock::now() + timeout);
  if (!status) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    result.status = RunResult::Status::timed_out;
    return result;
  }
  if (WIFSIGNALED(*status)) {
    result.status = RunResult::Status::killed_by_signal;
    result.code = WTERMSIG(*status);
  } else {
    result.status = RunResult::Status::exited;
    result.code = WEXITSTATUS(*status);
  }
  return result;
}

std::string describe(const RunResult& result) {
  switch (result.status) {
    case RunResult::Status::exited:
      return "exit status " + std::to_string(result.code);
    case RunResult::Status::killed_by_signal:
      return "killed by signal " + std::to_string(result.code);
    case RunResult::Status::timed_out:
      return "timed out and was killed";
    case RunResult::Status::not_started:
      return std::string("could not start: ") + std::strerror(result.code);
  }
  return "?";
}

}  // namespace smokeping::alerts::detail
