// The `.slave_cache` files through which the master CGI hands slave data to the master
// daemon (master-slave.md §6): `<dir>/<target path>.<slave>.slave_cache`, an `nstore`d Perl
// array of [slave, time, update string] arrays. Our files and the original's are the same
// bytes, so either side may be the original SmokePing.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/protocol/submission_lines.hpp"

namespace smokeping::protocol {

struct SlaveCacheEntry {
  std::string slave;
  std::string time;    // decimal Unix time, as the slave posted it
  std::string update;  // "U:0:4.7e-05:..."
  bool operator==(const SlaveCacheEntry&) const = default;
};

// `General.dyndir`, or `General.datadir` when dyndir is unset, without trailing slashes
// (upstream HEAD's slavedatadir(); 2.7.3 keeps them, which names the same files).
std::string slave_cache_dir(const config::General& general);

// `<dir>/<target path>.<slave>.slave_cache`, for a path starting with '/'; the doubled slash
// is the original's spelling ("/var/lib/smokeping/__cgi//Local/t2.slave1.slave_cache").
std::string slave_cache_file(std::string_view dir, std::string_view target_path,
                             std::string_view slave);

// The file's bytes (Storable nstore, network order).
std::string encode_slave_cache(std::span<const SlaveCacheEntry> entries);

struct DecodedCache {
  bool ok = false;
  std::string error;                     // when not ok: why the file is unreadable
  std::vector<SlaveCacheEntry> entries;  // when ok
  std::size_t skipped = 0;               // elements that are not arrays of three scalars (left out)
};

// Reads a cache file's bytes. An undef field (the original stores one for a line with fewer
// than three fields) reads as "", as Perl prints it.
DecodedCache decode_slave_cache(std::string_view bytes);

struct CacheWrite {
  enum class Status { stored, failed };
  Status status = Status::stored;
  std::string file;
  std::string error;               // when failed: what and why, naming the file
  std::string quarantined;         // a corrupt file found there was moved to this name
  std::size_t entries_before = 0;  // entries already in the file
};

// Appends `entries` to `file`, as the original CGI does: under an exclusive flock, read the
// list, append, write it back. Creates missing directories (mode 0755, as upstream HEAD does)
// and the file (mode 0644: the daemon may run as another user).
//
// Unlike the original (§12 W8) it is safe against concurrent writers and readers, ours and
// the original's:
// * after taking the lock it checks that the locked file is still the one at `file` (same
//   device and inode) and starts over otherwise;
// * it rewrites the file in place under the lock instead of renaming a new file over it.
//   The original daemon reads the file it opened and then deletes whatever has the name, so
//   a file renamed over the name while it waits for the lock would be deleted unread or read
//   twice (a stress test against the original's Master.pm shows both);
// * the rewrite is atomic through a journal: the new list goes to `<file>.journal` and is
//   made durable first, the file is rewritten and made durable, then the journal is retired
//   (made invalid in place; the daemon deletes it with the file).
//   A journal found under the lock is the content a writer that died meant to write: it is
//   folded into the file (synced) before anything else.
// "stored" means every entry is on disk (fdatasync/syncfs), so a crash at any point loses no
// stored entry and leaves no half-written file without its journal.
// A corrupt existing file is copied to `<file>.corrupt` (the original warns and overwrites
// it). On failure nothing was appended, unless the journal holds it for the next access.
CacheWrite append_slave_cache(const std::string& file, std::span<const SlaveCacheEntry> entries);

// The CGI side (§6.1 save_updates): groups `lines` by target path and appends each group to
// its file under `dir`, as append_slave_cache() does, but as one batch: all files locked (in
// file-name order), all journals written, one sync, all files rewritten, one more sync. A
// post costs two syncs however many targets it has. One result per file, in path order.
std::vector<CacheWrite> save_updates(const std::string& dir, std::string_view slave,
                                     std::span<const DataLine> lines);

struct CacheTake {
  // missing: no file, or an empty one, which is left alone (a writer created it and waits
  // for the lock to fill it).
  enum class Status { missing, taken, corrupt, failed };
  Status status = Status::missing;
  std::vector<SlaveCacheEntry> entries;  // when taken
  std::size_t skipped = 0;               // malformed elements left out (taken)
  // taken: how many of the leading `entries` come from an earlier take that was never
  // confirmed (the daemon died before writing or confirming them); they may be in the RRD
  // already.
  std::size_t replayed = 0;
  std::string error;        // corrupt or failed: what and why, naming the file; taken: a
                            // leftover `.taking` that did not decode (moved to `quarantined`)
  std::string quarantined;  // corrupt: where the file went
  // failed: the errno of a rename, delete or write in the file's directory (EACCES or EPERM:
  // the daemon's user may not change that directory); 0 when the failure was elsewhere.
  int error_number = 0;
};

// `<file>.taking`: the entries of a take until the daemon confirms that it stored them. The
// original daemon and CGI never look at this name.
std::string taking_file(const std::string& file);

// The daemon side (§6.2 get_slaveupdates), first half. Returns the entries of `file` (or of
// its journal, see above) and those of a `<file>.taking` that an unconfirmed earlier take left,
// those first. Under the file's exclusive lock, after checking that the locked file is still
// the one at `file`, the file is renamed to `<file>.taking` (merged into it when one is left
// over), so that a writer that waited for the lock finds the name gone and starts over on a
// new file. The entries stay on disk under `.taking` until confirm_slave_cache_take(): a
// daemon killed before it stored them gets them again from its next take. A corrupt file is
// moved to `<file>.corrupt` (the original deletes it); a leftover `.taking` then waits for the
// next take.
CacheTake begin_slave_cache_take(const std::string& file);

// The second half: the entries of the last take are stored, `<file>.taking` is deleted.
// Returns "" or what failed (the entries then come back with the next take, as replayed).
std::string confirm_slave_cache_take(const std::string& file);

// Both halves at once, for callers that need no crash safety between reading and storing.
CacheTake take_slave_cache(const std::string& file);

}  // namespace smokeping::protocol
