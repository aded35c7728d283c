#include "smokeping/protocol/slave_cache.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <optional>

#include "smokeping/protocol/storable.hpp"

namespace smokeping::protocol {
namespace {

// A writer or reader that finds the file replaced or deleted under its lock starts over; each
// time means another process made progress, so this many in a row means something is wrong.
constexpr int kAttempts = 1000;
// One line per target and step; a file this large is not a cache any more.
constexpr std::size_t kMaxCacheBytes = 64u << 20;

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);  // also releases the flock
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

std::string sys_error(std::string_view what, const std::string& file, int err) {
  return fmt::format("{} {}: {}", what, file, std::strerror(err));
}

int lock_exclusive(int fd) {
  int rc;
  do rc = ::flock(fd, LOCK_EX);
  while (rc != 0 && errno == EINTR);
  return rc;
}

// Whether the file we hold open (and locked) is still the one named `file`: a writer that
// renamed a new file over it, or a reader that deleted it, makes it stale.
bool still_named(int fd, const std::string& file) {
  struct stat held, named;
  if (::fstat(fd, &held) != 0 || ::lstat(file.c_str(), &named) != 0) return false;
  return held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

// Reads the whole open file; false (with errno set, or EFBIG) on failure.
bool read_all(int fd, std::string& out) {
  out.clear();
  char buf[65536];
  off_t at = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out.append(buf, static_cast<std::size_t>(n));
    at += n;
    if (out.size() > kMaxCacheBytes) {
      errno = EFBIG;
      return false;
    }
  }
}

bool write_all(int fd, std::string_view bytes, off_t at) {
  while (!bytes.empty()) {
    ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
    at += n;
  }
  return true;
}

// For files already replaced or deleted: only a process that still holds them open reads
// them, so a failure changes nothing for us.
void truncate_best_effort(int fd) {
  if (::ftruncate(fd, 0) != 0) {
  }
}

std::string parent_of(const std::string& file) {
  std::size_t slash = file.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return file.substr(0, slash);
}

// mkdir -p of the file's directory, mode 0755 (less the umask), as upstream's make_path.
bool make_parents(const std::string& file, std::string& error) {
  std::string dir = parent_of(file);
  for (std::size_t at = 1; at <= dir.size(); ++at) {
    if (at != dir.size() && dir[at] != '/') continue;
    if (dir[at - 1] == '/') continue;  // the empty component of a doubled slash
    std::string prefix = dir.substr(0, at);
    if (::mkdir(prefix.c_str(), 0755) == 0 || errno == EEXIST) continue;
    error = sys_error("cannot create directory", prefix, errno);
    return false;
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    error = fmt::format("cannot create directory {}: not a directory", dir);
    return false;
  }
  return true;
}

void fsync_dir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

// Keeps a corrupt file's bytes beside it instead of losing them silently.
std::string quarantine_copy(const std::string& file, std::string_view bytes) {
  std::string aside = file + ".corrupt";
  Fd fd(::open(aside.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (fd.get() < 0 || !write_all(fd.get(), bytes, 0)) return {};
  return aside;
}

// The journal of a cache file: its next content, written and synced before the file itself
// is rewritten, and deleted once the file is synced. Only the holder of the file's lock
// writes, reads or deletes it, so one that exists when we hold the lock is what a writer
// that died in the middle meant to write.
std::string journal_of(const std::string& file) { return file + ".journal"; }

// The journal's entries, if there is a readable journal.
std::optional<std::vector<SlaveCacheEntry>> read_journal(const std::string& file) {
  Fd fd(::open(journal_of(file).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
  std::string bytes;
  if (fd.get() < 0 || !read_all(fd.get(), bytes)) return std::nullopt;
  DecodedCache d = decode_slave_cache(bytes);
  if (!d.ok) return std::nullopt;
  return std::move(d.entries);
}

bool write_journal(const std::string& file, std::string_view bytes, std::string& error) {
  std::string journal = journal_of(file);
  Fd fd(::open(journal.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (fd.get() < 0 || ::fchmod(fd.get(), 0644) != 0 || !write_all(fd.get(), bytes, 0) ||
      ::fsync(fd.get()) != 0) {
    error = sys_error("cannot write", journal, errno);
    return false;
  }
  fsync_dir(parent_of(file));
  return true;
}

// Opens `file` and takes its exclusive lock, checking that the locked file is still the one
// at that name (a reader may have deleted it, an original CGI renamed another over it,
// while we waited). Returns the fd, or -1 with `missing` or `error` set.
int open_locked(const std::string& file, bool create, bool& writable, bool& missing,
                std::string& error) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const int flags = O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | (create ? O_CREAT : 0);
    writable = true;
    Fd fd(::open(file.c_str(), O_RDWR | flags, 0644));
    if (fd.get() < 0 && errno == EACCES && !create) {
      // Written by a CGI that runs as another user: reading and deleting is all we need.
      writable = false;
      fd.reset(::open(file.c_str(), O_RDONLY | flags));
    }
    if (fd.get() < 0) {
      if (errno == ENOENT && !create) {
        missing = true;
      } else {
        error = sys_error("cannot open", file, errno);
      }
      return -1;
    }
    if (lock_exclusive(fd.get()) != 0) {
      error = sys_error("cannot lock", file, errno);
      return -1;
    }
    if (!still_named(fd.get(), file)) continue;
    struct stat st;
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
      error = fmt::format("{} is not a regular file", file);
      return -1;
    }
    return fd.release();
  }
  error = fmt::format("{} was replaced {} times while we waited for its lock", file, kAttempts);
  return -1;
}

}  // namespace

std::string slave_cache_dir(const config::General& general) {
  std::string dir = general.dyndir.empty() ? general.datadir : general.dyndir;
  while (!dir.empty() && dir.back() == '/') dir.pop_back();
  return dir;
}

std::string slave_cache_file(std::string_view dir, std::string_view target_path,
                             std::string_view slave) {
  return fmt::format("{}/{}.{}.slave_cache", dir, target_path, slave);
}

std::string encode_slave_cache(std::span<const SlaveCacheEntry> entries) {
  using storable::Value;
  std::vector<Value> items;
  items.reserve(entries.size());
  for (const SlaveCacheEntry& e : entries) {
    items.push_back(Value::array_of(
        {Value::scalar_of(e.slave), Value::scalar_of(e.time), Value::scalar_of(e.update)}));
  }
  return storable::write_network(Value::array_of(std::move(items)));
}

DecodedCache decode_slave_cache(std::string_view bytes) {
  using storable::Value;
  DecodedCache out;
  storable::ReadResult read = storable::read(bytes);
  if (!read.ok) {
    out.error = read.error;
    return out;
  }
  for (const Value& item : read.root.items) {
    bool fits = item.kind == Value::Kind::array && item.items.size() == 3;
    for (std::size_t i = 0; fits && i < 3; ++i) fits = item.items[i].kind != Value::Kind::array;
    if (!fits) {
      ++out.skipped;
      continue;
    }
    out.entries.push_back({item.items[0].text, item.items[1].text, item.items[2].text});
  }
  out.ok = true;
  return out;
}

CacheWrite append_slave_cache(const std::string& file, std::span<const SlaveCacheEntry> entries) {
  CacheWrite result;
  result.file = file;
  auto fail = [&](std::string error) {
    result.status = CacheWrite::Status::failed;
    result.error = std::move(error);
    return result;
  };
  std::string error;
  if (!make_parents(file, error)) return fail(error);
  bool writable = true, missing = false;
  Fd fd(open_locked(file, true, writable, missing, error));
  if (fd.get() < 0) return fail(error);
  // A new file is 0644 whatever the CGI's umask (the original's CGI sets umask 022): the
  // daemon that reads it may run as another user.
  struct stat st;
  if (::fstat(fd.get(), &st) == 0 && st.st_size == 0 && ::fchmod(fd.get(), 0644) != 0) {
    // Not ours (another user created it empty): leave its mode alone.
  }

  std::vector<SlaveCacheEntry> all;
  if (auto journal = read_journal(file)) {
    all = std::move(*journal);  // a writer died between journal and file: the journal is newer
  } else {
    std::string old_bytes;
    bool readable = read_all(fd.get(), old_bytes);
    if (!readable && errno != EFBIG) return fail(sys_error("cannot read", file, errno));
    if (!old_bytes.empty() || !readable) {
      DecodedCache old = readable ? decode_slave_cache(old_bytes) : DecodedCache{};
      if (old.ok) {
        all = std::move(old.entries);
      } else {
        result.quarantined = quarantine_copy(file, old_bytes);
      }
    }
  }
  result.entries_before = all.size();
  all.insert(all.end(), entries.begin(), entries.end());
  const std::string bytes = encode_slave_cache(all);

  // In place, under the lock, never by rename: the original daemon reads the file it opened
  // and then deletes whatever has the name (§12 W8), so a file renamed over the name while it
  // waits would be deleted unread, or read twice. The journal makes the rewrite atomic.
  if (!write_journal(file, bytes, error)) return fail(error);
  if (!write_all(fd.get(), bytes, 0) ||
      ::ftruncate(fd.get(), static_cast<off_t>(bytes.size())) != 0 || ::fsync(fd.get()) != 0)
    return fail(sys_error("cannot write", file, errno));  // the journal still holds it all
  ::unlink(journal_of(file).c_str());
  return result;  // closing fd unlocks
}

std::vector<CacheWrite> save_updates(const std::string& dir, std::string_view slave,
                                     std::span<const DataLine> lines) {
  std::map<std::string, std::vector<SlaveCacheEntry>> by_path;
  for (const DataLine& line : lines)
    by_path[line.path].push_back({std::string(slave), line.time, line.update});
  std::vector<CacheWrite> results;
  for (const auto& [path, entries] : by_path)
    results.push_back(append_slave_cache(slave_cache_file(dir, path, slave), entries));
  return results;
}

CacheTake take_slave_cache(const std::string& file) {
  CacheTake result;
  auto fail = [&](std::string error) {
    result.status = CacheTake::Status::failed;
    result.error = std::move(error);
    return result;
  };
  std::string error;
  bool writable = true, missing = false;
  Fd fd(open_locked(file, false, writable, missing, error));
  if (missing) return result;
  if (fd.get() < 0) return fail(error);

  DecodedCache decoded;
  bool journal = false;
  if (auto entries = read_journal(file)) {
    decoded.ok = journal = true;
    decoded.entries = std::move(*entries);
  } else {
    std::string bytes;
    bool readable = read_all(fd.get(), bytes);
    if (!readable && errno != EFBIG) return fail(sys_error("cannot read", file, errno));
    if (!readable) {
      decoded.error = "larger than 64 MiB";
    } else if (bytes.empty()) {
      // Created by a writer that waits for the lock to fill it (the original CGI creates the
      // file before it locks it). Deleting it would make that writer start over, and the
      // original gives up after three tries without a word.
      return result;
    } else {
      decoded = decode_slave_cache(bytes);
    }
  }
  if (!decoded.ok) {
    std::string aside = file + ".corrupt";
    if (::rename(file.c_str(), aside.c_str()) != 0)
      return fail(sys_error("cannot move aside corrupt", file, errno));
    result.status = CacheTake::Status::corrupt;
    result.error = fmt::format("{}: {}", file, decoded.error);
    result.quarantined = aside;
    return result;
  }
  // The entries count only once both names are gone, so they are never taken twice.
  // A journal that did not parse is left over from a writer that died while writing it.
  if (::unlink(journal_of(file).c_str()) != 0 && errno != ENOENT && journal)
    return fail(sys_error("cannot delete", journal_of(file), errno));
  if (::unlink(file.c_str()) != 0) return fail(sys_error("cannot delete", file, errno));
  // An original CGI that opened this file before the delete must find nothing to copy.
  if (writable) truncate_best_effort(fd.get());
  result.status = CacheTake::Status::taken;
  result.entries = std::move(decoded.entries);
  result.skipped = decoded.skipped;
  return result;
}

}  // namespace smokeping::protocol
