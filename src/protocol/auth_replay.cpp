#include "smokeping/protocol/auth_replay.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <set>
#include <utility>
#include <vector>

#include "src/protocol/detail/cache_io.hpp"

namespace smokeping::protocol {
namespace {

using detail::Fd;

std::string errno_text(std::string_view what, const std::string& path) {
  return detail::sys_error(what, path, errno);
}

struct Entry {
  std::int64_t ts = 0;
  std::string nonce;
};

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
  // The dyndir itself may not exist yet: the cache writer would create it, but it runs after
  // us, so without its parents every signed post would be refused for good.
  std::set<std::string> changed_dirs;
  std::string parents_error;
  if (!detail::make_parents(dir_, changed_dirs, parents_error)) {
    result.error = fmt::format("cannot create {}: {}", dir_, parents_error);
    return result;
  }
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
  if (locked != 0 || !detail::read_all(fd.get(), text)) {
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
  // Durable before the post is answered: a crash must not forget a nonce that could still be
  // replayed within the window. A new file needs its directory entry synced as well.
  if (!detail::rewrite_in_place(fd.get(), kept) || ::fdatasync(fd.get()) != 0) {
    result.error = errno_text("cannot write", path);
    return result;
  }
  if (text.empty()) {
    Fd dir(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0 || ::fsync(dir.get()) != 0) {
      result.error = errno_text("cannot sync", dir_);
      return result;
    }
  }
  result.verdict = ReplayVerdict::recorded;
  return result;
}

}  // namespace smokeping::protocol
