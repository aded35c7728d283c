#include "smokeping/protocol/auth_replay.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>
#include <vector>

namespace smokeping::protocol {
namespace {

struct Entry {
  std::int64_t ts = 0;
  std::string nonce;
};

// Closes the descriptor (and so drops its flock) on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string errno_text(std::string_view what, const std::string& path) {
  return fmt::format("{} {}: {}", what, path, std::strerror(errno));
}

bool read_all(int fd, std::string& out) {
  char buffer[8192];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

bool write_all(int fd, std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return ::ftruncate(fd, static_cast<off_t>(bytes.size())) == 0;
}

// "<ts> <nonce>" lines. A line cut short by a crash during a rewrite is skipped: it can only
// be an old entry.
std::vector<Entry> parse(std::string_view text) {
  std::vector<Entry> entries;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    if (end == std::string_view::npos) break;  // no LF: an unfinished line
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    std::size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    Entry e;
    auto [ptr, ec] = std::from_chars(line.data(), line.data() + space, e.ts);
    if (ec != std::errc() || ptr != line.data() + space) continue;
    e.nonce = std::string(line.substr(space + 1));
    if (!e.nonce.empty()) entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace

ReplayStore::ReplayStore(std::string dir, std::int64_t window, std::size_t max_entries)
    : dir_(std::move(dir)), window_(window), max_entries_(max_entries) {}

std::string ReplayStore::file_for(std::string_view slave) const {
  std::string name;
  for (std::size_t i = 0; i < slave.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(slave[i]);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-' || (c == '.' && i > 0);
    if (plain) {
      name += static_cast<char>(c);
    } else {
      name += fmt::format("%{:02X}", c);
    }
  }
  return dir_ + "/" + name;
}

bool ReplayStore::pinned(std::string_view slave) const {
  struct stat st {};
  return ::lstat(file_for(slave).c_str(), &st) == 0;
}

ReplayResult ReplayStore::record(std::string_view slave, std::string_view nonce, std::int64_t ts,
                                 std::int64_t now) const {
  ReplayResult result;
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    result.error = errno_text("cannot create", dir_);
    return result;
  }
  const std::string path = file_for(slave);
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) {
    result.error = errno_text("cannot open", path);
    return result;
  }
  int locked;
  do {
    locked = ::flock(fd.get(), LOCK_EX);
  } while (locked != 0 && errno == EINTR);
  std::string text;
  if (locked != 0 || !read_all(fd.get(), text)) {
    result.error = errno_text("cannot lock or read", path);
    return result;
  }
  std::vector<Entry> entries = parse(text);
  for (const Entry& e : entries) {
    if (e.nonce == nonce) {
      result.verdict = ReplayVerdict::replayed;
      return result;
    }
  }
  // A post older than the window is refused by its auth_ts alone, so its nonce may go.
  std::string kept;
  std::size_t live = 0;
  for (const Entry& e : entries) {
    if (e.ts < now - window_) continue;
    kept += fmt::format("{} {}\n", e.ts, e.nonce);
    ++live;
  }
  if (live >= max_entries_) {
    result.verdict = ReplayVerdict::full;
    return result;
  }
  kept += fmt::format("{} {}\n", ts, nonce);
  if (!write_all(fd.get(), kept)) {
    result.error = errno_text("cannot write", path);
    return result;
  }
  result.verdict = ReplayVerdict::recorded;
  return result;
}

}  // namespace smokeping::protocol
