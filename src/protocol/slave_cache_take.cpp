// The daemon's two-phase take of a `.slave_cache` file: the entries move to `<file>.taking`
// under the file's lock and stay there until the daemon has stored them, so that a daemon
// killed in between gets them again instead of losing them.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>

#include "smokeping/protocol/slave_cache.hpp"
#include "src/protocol/detail/cache_io.hpp"

namespace smokeping::protocol {
namespace {

// What an unconfirmed earlier take left in `<file>.taking`.
struct Leftover {
  bool present = false;
  std::vector<SlaveCacheEntry> entries;
  std::size_t skipped = 0;
  std::string failure;  // it is there but could not be read: the take fails
  std::string corrupt;  // it did not decode and was moved to `quarantined`
  std::string quarantined;
};

Leftover read_leftover(const std::string& file) {
  Leftover out;
  const std::string taking = taking_file(file);
  detail::Fd fd(::open(taking.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    if (errno != ENOENT) out.failure = detail::sys_error("cannot open", taking, errno);
    return out;
  }
  std::string bytes;
  if (!detail::read_all(fd.get(), bytes)) {
    out.failure = detail::sys_error("cannot read", taking, errno);
    return out;
  }
  // Empty: a renamed file whose content a power loss took (nothing to replay).
  DecodedCache decoded;
  decoded.ok = bytes.empty();
  if (!bytes.empty()) decoded = decode_slave_cache(bytes);
  if (!decoded.ok) {
    const std::string aside = detail::free_corrupt_name(taking);
    if (aside.empty() || ::rename(taking.c_str(), aside.c_str()) != 0) {
      out.failure = detail::sys_error("cannot move aside corrupt", taking, errno);
      return out;
    }
    out.corrupt = fmt::format("{}: {}", taking, decoded.error);
    out.quarantined = aside;
    return out;
  }
  out.present = true;
  out.entries = std::move(decoded.entries);
  out.skipped = decoded.skipped;
  return out;
}

// Replaces `<file>.taking` with `entries`, durably: a new file, synced, renamed over it.
bool write_taking(const std::string& file, std::span<const SlaveCacheEntry> entries,
                  std::string& error) {
  const std::string taking = taking_file(file);
  const std::string fresh = taking + ".new";
  detail::Fd fd(::open(fresh.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (fd.get() < 0 || !detail::write_all(fd.get(), encode_slave_cache(entries), 0) ||
      ::fdatasync(fd.get()) != 0) {
    error = detail::sys_error("cannot write", fresh, errno);
    ::unlink(fresh.c_str());
    return false;
  }
  if (::rename(fresh.c_str(), taking.c_str()) != 0) {
    error = detail::sys_error("cannot rename", fresh, errno);
    ::unlink(fresh.c_str());
    return false;
  }
  detail::SyncBarrier barrier;
  barrier.add_directory(detail::parent_of(file));
  return barrier.flush(error);
}

CacheTake with_leftover(Leftover left, std::vector<SlaveCacheEntry> fresh, std::size_t skipped) {
  CacheTake result;
  result.status =
      left.present || !fresh.empty() ? CacheTake::Status::taken : CacheTake::Status::missing;
  result.replayed = left.entries.size();
  result.entries = std::move(left.entries);
  result.entries.insert(result.entries.end(), std::make_move_iterator(fresh.begin()),
                        std::make_move_iterator(fresh.end()));
  result.skipped = left.skipped + skipped;
  result.error = std::move(left.corrupt);
  result.quarantined = std::move(left.quarantined);
  if (result.status == CacheTake::Status::missing && !result.error.empty()) {
    result.status = CacheTake::Status::corrupt;
  }
  return result;
}

}  // namespace

std::string taking_file(const std::string& file) { return file + ".taking"; }

CacheTake begin_slave_cache_take(const std::string& file) {
  CacheTake result;
  auto fail = [&](std::string error) {
    result.status = CacheTake::Status::failed;
    result.error = std::move(error);
    return result;
  };
  // A failed change of the directory: errno is read before anything else can touch it.
  auto fail_in_dir = [&](std::string_view what, const std::string& name) {
    const int err = errno;
    result.error_number = err;
    return fail(detail::sys_error(what, name, err));
  };
  Leftover left = read_leftover(file);
  if (!left.failure.empty()) return fail(left.failure);

  detail::LockedFile locked = detail::open_locked(file, false);
  if (locked.status == detail::LockedFile::Status::missing) {
    return with_leftover(std::move(left), {}, 0);
  }
  if (locked.status != detail::LockedFile::Status::locked) return fail(locked.error);
  const int fd = locked.fd.get();

  DecodedCache decoded;
  bool journal_left = false;  // a journal we could not fold into the file
  if (std::optional<detail::Journal> journal = detail::read_journal(file)) {
    // A writer died after its journal was durable. Folding it into the file (which also
    // deletes the journal) lets the file itself become `.taking`.
    std::string error;
    if (locked.writable && !detail::roll_forward(fd, file, *journal, error)) return fail(error);
    journal_left = !locked.writable;
    decoded.ok = true;
    decoded.entries = std::move(journal->entries);
    decoded.skipped = journal->skipped;
  } else {
    std::string bytes;
    bool readable = detail::read_all(fd, bytes);
    if (!readable && errno != EFBIG) return fail(detail::sys_error("cannot read", file, errno));
    if (!readable) {
      decoded.error = "larger than 64 MiB";
    } else if (bytes.empty()) {
      // Created by a writer that waits for the lock to fill it (the original CGI creates the
      // file before it locks it). Deleting it would make that writer start over, and the
      // original gives up after three tries without a word. A journal beside it did not
      // decode: it was cut short before it was durable, and only clutters.
      ::unlink(detail::journal_of(file).c_str());
      return with_leftover(std::move(left), {}, 0);
    } else {
      decoded = decode_slave_cache(bytes);
    }
  }
  if (!decoded.ok) {
    // A leftover `.taking` stays for the next take, which finds this name free.
    std::string aside = detail::free_corrupt_name(file);
    if (aside.empty() || ::rename(file.c_str(), aside.c_str()) != 0)
      return fail(detail::sys_error("cannot move aside corrupt", file, errno));
    result.status = CacheTake::Status::corrupt;
    result.error = fmt::format("{}: {}", file, decoded.error);
    result.quarantined = aside;
    return result;
  }

  const std::string journal = detail::journal_of(file);
  if (!left.present && !journal_left) {
    // The usual case: the file itself becomes `.taking`, one rename and no copy. A journal
    // still there did not decode (a writer died before it was durable) and goes first, so
    // that it is never found beside a new file.
    if (::unlink(journal.c_str()) != 0 && errno != ENOENT) {
      return fail_in_dir("cannot delete", journal);
    }
    if (::rename(file.c_str(), taking_file(file).c_str()) != 0) {
      return fail_in_dir("cannot rename", file);
    }
    return with_leftover(std::move(left), std::move(decoded.entries), decoded.skipped);
  }
  // After a crash (or for a journal we may not fold into a file that belongs to another user):
  // `.taking` gets the old entries and these, durably, before the file and journal go. A crash
  // between the two leaves these entries in both: they come back once more and the RRD
  // refuses them as not newer.
  std::vector<SlaveCacheEntry> all = left.entries;
  all.insert(all.end(), decoded.entries.begin(), decoded.entries.end());
  std::string error;
  if (!write_taking(file, all, error)) return fail(error);
  if (::unlink(journal.c_str()) != 0 && errno != ENOENT && journal_left)
    return fail_in_dir("cannot delete", journal);
  if (::unlink(file.c_str()) != 0) return fail_in_dir("cannot delete", file);
  // An original CGI that opened this file before the delete must find nothing to copy (its
  // entries are safe in `.taking`); if the truncation fails only such a process could notice.
  if (locked.writable && ::ftruncate(fd, 0) != 0) {
  }
  return with_leftover(std::move(left), std::move(decoded.entries), decoded.skipped);
}

std::string confirm_slave_cache_take(const std::string& file) {
  const std::string taking = taking_file(file);
  if (::unlink(taking.c_str()) != 0 && errno != ENOENT) {
    return detail::sys_error("cannot delete", taking, errno);
  }
  return {};
}

CacheTake take_slave_cache(const std::string& file) {
  CacheTake result = begin_slave_cache_take(file);
  if (result.status != CacheTake::Status::taken) return result;
  // Entries count only once they are gone from disk, so they are never taken twice.
  if (std::string error = confirm_slave_cache_take(file); !error.empty()) {
    CacheTake failed;
    failed.status = CacheTake::Status::failed;
    failed.error = std::move(error);
    return failed;
  }
  return result;
}

}  // namespace smokeping::protocol
