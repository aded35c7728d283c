#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "src/protocol/detail/cache_io.hpp"
#include "src/protocol/detail/cache_write.hpp"

namespace smokeping::protocol::detail {
namespace {

// One file of a batch, from lock to unlock.
struct Pending {
  std::size_t input = 0;  // index in the caller's list
  CacheAppend append;
  LockedFile lock;
  std::optional<std::size_t> alias_of;  // another name of a file earlier in the batch
  std::string bytes;                    // the file's next content
  Fd journal;
  CacheWrite result;

  bool live() const { return !alias_of && result.status == CacheWrite::Status::stored; }
  void fail(std::string error) {
    result.status = CacheWrite::Status::failed;
    result.error = std::move(error);
  }
};

// Locks the file, creating it and its directories (those whose entries changed go to
// `changed`).
void lock(Pending& p, const std::vector<const LockedFile*>& held, std::set<std::string>& changed) {
  std::string error;
  if (!make_parents(p.append.file, changed, error)) return p.fail(error);
  p.lock = open_locked(p.append.file, true, held);
  if (p.lock.status == LockedFile::Status::already_held) return;
  if (p.lock.status != LockedFile::Status::locked) return p.fail(p.lock.error);
}

// Reads what the locked file holds, from a leftover journal when there is one, and makes its
// next content.
void read(Pending& p) {
  std::string error;
  const int fd = p.lock.fd.get();
  // A new file is 0644 whatever the CGI's umask (the original's CGI sets umask 022): the
  // daemon that reads it may run as another user.
  struct stat st;
  if (::fstat(fd, &st) == 0 && st.st_size == 0 && ::fchmod(fd, 0644) != 0) {
    // Not ours (another user created it empty): leave its mode alone.
  }

  std::vector<SlaveCacheEntry> all;
  if (std::optional<Journal> journal = read_journal(p.append.file)) {
    // A writer died between its journal and its file: the journal is newer. Making the file
    // match it first means our own journal may then overwrite it.
    if (!roll_forward(fd, p.append.file, *journal, error)) return p.fail(error);
    all = std::move(journal->entries);
  } else {
    std::string old_bytes;
    // Too big to read whole (EFBIG) is refused too: the daemon is not taking the file, and
    // a rewrite from part of it would lose the rest.
    if (!read_all(fd, old_bytes)) return p.fail(sys_error("cannot read", p.append.file, errno));
    if (!old_bytes.empty()) {
      DecodedCache old = decode_slave_cache(old_bytes);
      if (old.ok) {
        all = std::move(old.entries);
      } else {
        p.result.quarantined = quarantine_copy(p.append.file, old_bytes);
        if (p.result.quarantined.empty()) {
          return p.fail(
              fmt::format("{} is corrupt and no copy of it could be set aside; "
                          "left as it is",
                          p.append.file));
        }
      }
    }
  }
  p.result.entries_before = all.size();
  all.insert(all.end(), p.append.entries.begin(), p.append.entries.end());
  p.bytes = encode_slave_cache(all);
}

// Runs one barrier; when it fails, every file still in the batch fails with its error.
void barrier(SyncBarrier& sync, std::vector<Pending>& batch) {
  std::string error;
  if (sync.flush(error)) return;
  for (Pending& p : batch)
    if (p.live()) p.fail(error);
}

}  // namespace

std::vector<CacheWrite> append_caches(std::vector<CacheAppend> appends, WriteStep stop_after) {
  std::vector<Pending> batch(appends.size());
  for (std::size_t i = 0; i < appends.size(); ++i) {
    batch[i].input = i;
    batch[i].result.file = appends[i].file;
    batch[i].append = std::move(appends[i]);
  }
  std::sort(batch.begin(), batch.end(),
            [](const Pending& a, const Pending& b) { return a.append.file < b.append.file; });
  SyncBarrier sync;

  // Lock everything first: the next content of a file depends on all its names' entries.
  std::set<std::string> changed;
  std::vector<const LockedFile*> held;
  std::vector<std::size_t> held_at;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Pending& p = batch[i];
    lock(p, held, changed);
    if (p.lock.status == LockedFile::Status::already_held) {
      // The same file under another spelling: its entries join the first name's.
      Pending& first = batch[held_at[p.lock.held_index]];
      p.alias_of = held_at[p.lock.held_index];
      first.append.entries.insert(first.append.entries.end(), p.append.entries.begin(),
                                  p.append.entries.end());
    } else if (p.lock.status == LockedFile::Status::locked) {
      held.push_back(&p.lock);
      held_at.push_back(i);
    }
  }
  for (Pending& p : batch)
    if (p.live()) read(p);
  auto finish = [&] {
    std::vector<CacheWrite> results(batch.size());
    for (Pending& p : batch) {
      CacheWrite result = p.alias_of ? batch[*p.alias_of].result : p.result;
      result.file = p.result.file;
      results[p.input] = std::move(result);
    }
    return results;  // the destructors close every fd, which releases the locks
  };
  if (stop_after == WriteStep::locked_and_read) return finish();

  for (Pending& p : batch) {
    if (!p.live()) continue;
    std::string error;
    p.journal = write_journal(p.append.file, p.bytes, error);
    if (p.journal.get() < 0) {
      ::unlink(journal_of(p.append.file).c_str());  // cut short: the file is still right
      p.fail(error);
      continue;
    }
    sync.add_file(p.journal.get(), journal_of(p.append.file));
    sync.add_directory(parent_of(p.append.file));  // the journal's name, maybe the file's
  }
  for (const std::string& dir : changed) sync.add_directory(dir);
  if (stop_after == WriteStep::journals_written) return finish();

  barrier(sync, batch);
  for (Pending& p : batch) {
    // A journal that is not durable must not outlive a failure: the lines were refused.
    if (!p.live() && p.journal.get() >= 0) {
      ::unlink(journal_of(p.append.file).c_str());
      p.journal.reset();
    }
  }
  if (stop_after == WriteStep::journals_durable) return finish();

  for (Pending& p : batch) {
    if (!p.live()) continue;
    if (!rewrite_in_place(p.lock.fd.get(), p.bytes)) {
      p.fail(sys_error("cannot write", p.append.file, errno));  // the journal still holds it
      continue;
    }
    sync.add_file(p.lock.fd.get(), p.append.file);
  }
  if (stop_after == WriteStep::files_rewritten) return finish();

  barrier(sync, batch);
  if (stop_after == WriteStep::files_durable) return finish();

  for (Pending& p : batch) {
    if (p.live() && !retire_journal(p.journal.get())) ::unlink(journal_of(p.append.file).c_str());
  }
  return finish();
}

}  // namespace smokeping::protocol::detail
