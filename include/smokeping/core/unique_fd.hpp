// Owns a file descriptor and closes it once: in the destructor, or earlier with close(), which
// reports what only close can tell (a deferred write error on some file systems).
#pragma once

#include <unistd.h>

#include <utility>

namespace smokeping::core {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }
  // Closing also drops the process's locks on the file (flock, fcntl).
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  // False, with errno set, when the close failed.
  bool close() noexcept { return ::close(release()) == 0; }

 private:
  int fd_ = -1;
};

}  // namespace smokeping::core
