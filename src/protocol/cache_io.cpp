#include "src/protocol/detail/cache_io.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <set>

#include "smokeping/core/fnv1a.hpp"
#include "smokeping/core/make_directory.hpp"

namespace smokeping::protocol::detail {
namespace {

// A writer or reader that finds the file replaced or deleted under its lock starts over; each
// time means another process made progress, so this many in a row means something is wrong.
constexpr int kAttempts = 1000;

constexpr std::string_view kJournalMagic = "SPJOURN1";

void append_u64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint64_t read_u64(std::string_view bytes) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

int lock_exclusive(int fd) {
  int rc;
  do rc = ::flock(fd, LOCK_EX);
  while (rc != 0 && errno == EINTR);
  return rc;
}

// Whether the file we hold open (and locked) is still the one named `file`.
bool still_named(int fd, const std::string& file) {
  struct stat held, named;
  if (::fstat(fd, &held) != 0 || ::lstat(file.c_str(), &named) != 0) return false;
  return held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

bool sync_directory(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return fd.get() >= 0 && ::fsync(fd.get()) == 0;
}

}  // namespace

std::string sys_error(std::string_view what, const std::string& file, int err) {
  return fmt::format("{} {}: {}", what, file, std::strerror(err));
}

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

bool rewrite_in_place(int fd, std::string_view bytes) {
  return write_all(fd, bytes, 0) && ::ftruncate(fd, static_cast<off_t>(bytes.size())) == 0;
}

std::string parent_of(const std::string& file) {
  std::size_t slash = file.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return file.substr(0, slash);
}

bool make_parents(const std::string& file, std::set<std::string>& changed, std::string& error) {
  std::string dir = parent_of(file);
  for (std::size_t at = 1; at <= dir.size(); ++at) {
    if (at != dir.size() && dir[at] != '/') continue;
    if (dir[at - 1] == '/') continue;  // the empty component of a doubled slash
    std::string prefix = dir.substr(0, at);
    const core::MadeDirectory made = core::make_directory(prefix);
    if (made.created) changed.insert(parent_of(prefix));
    if (made.error == 0) continue;
    error = sys_error("cannot create directory", prefix, made.error);
    return false;
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    error = fmt::format("cannot create directory {}: not a directory", dir);
    return false;
  }
  return true;
}

std::string free_corrupt_name(const std::string& file) {
  constexpr int kNames = 10;
  for (int n = 0; n < kNames; ++n) {
    std::string name = file + ".corrupt" + (n == 0 ? std::string() : "." + std::to_string(n));
    struct stat st;
    if (::lstat(name.c_str(), &st) != 0 && errno == ENOENT) return name;
  }
  return {};
}

std::string quarantine_copy(const std::string& file, std::string_view bytes) {
  std::string aside = free_corrupt_name(file);
  if (aside.empty()) return {};
  Fd fd(::open(aside.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (fd.get() < 0 || !write_all(fd.get(), bytes, 0) || ::fdatasync(fd.get()) != 0) return {};
  return aside;
}

LockedFile open_locked(const std::string& file, bool create,
                       const std::vector<const LockedFile*>& held) {
  LockedFile out;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const int flags = O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | (create ? O_CREAT : 0);
    out.writable = true;
    out.fd.reset(::open(file.c_str(), O_RDWR | flags, 0644));
    if (out.fd.get() < 0 && errno == EACCES && !create) {
      // Written by a CGI that runs as another user: reading and deleting is all we need.
      out.writable = false;
      out.fd.reset(::open(file.c_str(), O_RDONLY | flags));
    }
    if (out.fd.get() < 0) {
      if (errno == ENOENT && !create) {
        out.status = LockedFile::Status::missing;
      } else {
        out.error = sys_error("cannot open", file, errno);
      }
      return out;
    }
    struct stat st;
    if (::fstat(out.fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
      out.error = fmt::format("{} is not a regular file", file);
      return out;
    }
    for (std::size_t i = 0; i < held.size(); ++i) {
      if (held[i]->dev == st.st_dev && held[i]->ino == st.st_ino) {
        out.fd.reset();
        out.held_index = i;
        out.status = LockedFile::Status::already_held;
        return out;
      }
    }
    if (lock_exclusive(out.fd.get()) != 0) {
      out.error = sys_error("cannot lock", file, errno);
      return out;
    }
    if (!still_named(out.fd.get(), file)) continue;
    out.dev = st.st_dev;
    out.ino = st.st_ino;
    out.status = LockedFile::Status::locked;
    return out;
  }
  out.fd.reset();
  out.error = fmt::format("{} was replaced {} times while we waited for its lock", file, kAttempts);
  return out;
}

std::string journal_of(const std::string& file) { return file + ".journal"; }

std::string frame_journal(std::string_view content) {
  std::string out(content);
  out.append(kJournalMagic);
  append_u64(out, content.size());
  append_u64(out, core::fnv1a64(content));
  return out;
}

std::optional<std::string_view> unframe_journal(std::string_view bytes) {
  constexpr std::size_t kTrailer = kJournalMagic.size() + 16;
  if (bytes.size() < kTrailer) return std::nullopt;
  const std::string_view content = bytes.substr(0, bytes.size() - kTrailer);
  const std::string_view trailer = bytes.substr(content.size());
  if (trailer.substr(0, kJournalMagic.size()) != kJournalMagic) return std::nullopt;
  if (read_u64(trailer.substr(kJournalMagic.size())) != content.size()) return std::nullopt;
  if (read_u64(trailer.substr(kJournalMagic.size() + 8)) != core::fnv1a64(content))
    return std::nullopt;
  return content;
}

std::optional<Journal> read_journal(const std::string& file) {
  Fd fd(::open(journal_of(file).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
  std::string bytes;
  if (fd.get() < 0 || !read_all(fd.get(), bytes)) return std::nullopt;
  std::optional<std::string_view> content = unframe_journal(bytes);
  if (!content) return std::nullopt;
  DecodedCache decoded = decode_slave_cache(*content);
  if (!decoded.ok) return std::nullopt;
  Journal journal;
  journal.bytes = std::string(*content);
  journal.entries = std::move(decoded.entries);
  journal.skipped = decoded.skipped;
  return journal;
}

Fd write_journal(const std::string& file, std::string_view content, std::string& error) {
  const std::string journal = journal_of(file);
  const std::string bytes = frame_journal(content);
  Fd fd(::open(journal.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
  struct stat st;
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || ::fchmod(fd.get(), 0644) != 0 ||
      !write_all(fd.get(), bytes, 0) ||
      (st.st_size > static_cast<off_t>(bytes.size()) &&
       ::ftruncate(fd.get(), static_cast<off_t>(bytes.size())) != 0)) {
    error = sys_error("cannot write", journal, errno);
    return Fd();
  }
  return fd;
}

bool retire_journal(int fd) { return write_all(fd, std::string_view("\0", 1), 0); }

bool roll_forward(int fd, const std::string& file, const Journal& journal, std::string& error) {
  if (!rewrite_in_place(fd, journal.bytes) || ::fdatasync(fd) != 0) {
    error = sys_error("cannot write", file, errno);
    return false;
  }
  if (::unlink(journal_of(file).c_str()) != 0 && errno != ENOENT) {
    error = sys_error("cannot delete", journal_of(file), errno);
    return false;
  }
  return true;
}

void SyncBarrier::add_file(int fd, const std::string& file) { files_.push_back({fd, file}); }

void SyncBarrier::add_directory(const std::string& dir) { dirs_.insert(dir); }

bool SyncBarrier::flush(std::string& error) {
  std::vector<File> files = std::move(files_);
  std::set<std::string> dirs = std::move(dirs_);
  files_.clear();
  dirs_.clear();
  std::set<dev_t> synced;  // filesystems synced whole
  if (files.size() >= kSyncfsFrom) {
    for (const File& f : files) {
      struct stat st;
      if (::fstat(f.fd, &st) != 0) {
        error = sys_error("cannot stat", f.name, errno);
        return false;
      }
      if (!synced.insert(st.st_dev).second) continue;
      // Since Linux 5.8 syncfs() reports the filesystem's writeback errors.
      if (::syncfs(f.fd) != 0) {
        error = sys_error("cannot sync the filesystem of", f.name, errno);
        return false;
      }
    }
  } else {
    for (const File& f : files) {
      if (::fdatasync(f.fd) != 0) {
        error = sys_error("cannot sync", f.name, errno);
        return false;
      }
    }
  }
  for (const std::string& dir : dirs) {
    struct stat st;
    if (::stat(dir.c_str(), &st) == 0 && synced.count(st.st_dev)) continue;
    if (!sync_directory(dir)) {
      error = sys_error("cannot sync directory", dir, errno);
      return false;
    }
  }
  return true;
}

}  // namespace smokeping::protocol::detail
