// File primitives of the `.slave_cache` protocol (private to the protocol module): locked
// opening that survives concurrent deletes and renames, whole-file reads and in-place writes,
// the journal beside each cache file, and the sync barriers that make a batch durable.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/core/unique_fd.hpp"
#include "smokeping/protocol/slave_cache.hpp"

namespace smokeping::protocol::detail {

// One cache file is not allowed to grow past this: one line per target and step is tiny.
constexpr std::size_t kMaxCacheBytes = 64u << 20;

using Fd = core::UniqueFd;

std::string sys_error(std::string_view what, const std::string& file, int err);

// Reads the whole open file; false (errno set, EFBIG past kMaxCacheBytes) on failure.
bool read_all(int fd, std::string& out);
// Writes `bytes` at offset `at`; false (errno set) on failure.
bool write_all(int fd, std::string_view bytes, off_t at);
// Makes the open file hold exactly `bytes`, in place (same inode): write, then truncate.
bool rewrite_in_place(int fd, std::string_view bytes);

std::string parent_of(const std::string& file);
// mkdir -p of the file's directory, mode 0755 less the umask (as upstream's make_path), or the
// parent's bits below a setgid parent (core::make_directory). The directories whose entries it
// changed (parents of the ones it made) go to `changed`.
bool make_parents(const std::string& file, std::set<std::string>& changed, std::string& error);

// `<file>.corrupt`, or `.corrupt.1` ... `.corrupt.9` when earlier ones are still there: a
// quarantined file is kept until someone looks at it, never overwritten. "" when all are taken.
std::string free_corrupt_name(const std::string& file);

// A corrupt file's bytes are copied, synced, beside it (free_corrupt_name); returns that name,
// or "" when the copy failed (the caller then must not overwrite the file).
std::string quarantine_copy(const std::string& file, std::string_view bytes);

struct LockedFile {
  enum class Status { locked, missing, already_held, failed };
  Status status = Status::failed;
  Fd fd;
  bool writable = true;  // false: opened read-only (the file belongs to another user)
  dev_t dev = 0;
  ino_t ino = 0;
  std::size_t held_index = 0;  // already_held: which of `held` it is
  std::string error;           // failed
};

// Opens `file` (creating it, mode 0644, when `create`) and takes its exclusive flock,
// starting over while the locked file is no longer the one at that name (a reader deleted it,
// an original CGI renamed another over it). A file that is one of `held` (same device and
// inode, already locked by this process through another name) is reported before locking,
// since a second flock of it would wait for ourselves.
LockedFile open_locked(const std::string& file, bool create,
                       const std::vector<const LockedFile*>& held = {});

// The journal of a cache file: its next content, made durable before the file itself is
// rewritten, and retired once the file is durable. Only the holder of the file's lock writes,
// reads or retires it, so a valid one found under the lock is what a writer that died in the
// middle meant to write, and wins over the file.
std::string journal_of(const std::string& file);

// A journal's bytes: the content, then a trailer (magic, content length, FNV-1a 64 of the
// content). Journals are written in place and retired by clobbering their first byte instead
// of being truncated or deleted, since freeing synced blocks costs milliseconds per file on
// ext4; the trailer makes sure that a journal cut short, or new bytes over an older journal,
// never read as valid.
std::string frame_journal(std::string_view content);
// The content of framed journal bytes, nullopt unless the trailer matches.
std::optional<std::string_view> unframe_journal(std::string_view bytes);

struct Journal {
  std::string bytes;  // the content (Storable), without the trailer
  std::vector<SlaveCacheEntry> entries;
  std::size_t skipped = 0;  // malformed elements left out
};
// The journal's content, if there is a valid journal; one that is not was cut short before it
// was durable (the file was not touched after it), or was retired.
std::optional<Journal> read_journal(const std::string& file);

// Writes the framed `content` over the journal in place (creating it), not synced (see
// SyncBarrier); returns the open journal, or an fd of -1 with `error` set.
Fd write_journal(const std::string& file, std::string_view content, std::string& error);

// Makes an open journal invalid (its first byte zeroed) once its file is durable; false when
// that failed (the caller deletes it instead). If a crash loses this write, the journal equals
// the file, which is harmless.
bool retire_journal(int fd);

// Puts a leftover journal's content into the locked, writable file, syncs the file and deletes
// the journal, so that a later crash cannot find a half-written journal beside a half-written
// file. Only after a crash: costs one sync.
bool roll_forward(int fd, const std::string& file, const Journal& journal, std::string& error);

// Makes a set of written files (data, size and their directory entries) durable at once.
// Few files: fdatasync each, then fsync each directory. More: one syncfs() per filesystem,
// which costs about what one fsync costs (one journal commit and one device flush) whatever
// the number of files; it also writes back other dirty data of that filesystem, which the
// kernel would write within seconds anyway.
class SyncBarrier {
 public:
  // From this many files on, one syncfs() replaces the per-file syncs.
  static constexpr std::size_t kSyncfsFrom = 4;
  void add_file(int fd, const std::string& file);  // `fd` must stay open until flush()
  void add_directory(const std::string& dir);      // one whose entries changed
  // Syncs everything added and forgets it; false (with the error naming a file) when any sync
  // failed.
  bool flush(std::string& error);

 private:
  struct File {
    int fd;
    std::string name;
  };
  std::vector<File> files_;
  std::set<std::string> dirs_;
};

}  // namespace smokeping::protocol::detail
