// The batch writer behind append_slave_cache() and save_updates() (private to the protocol
// module), with its steps named so that tests can stop it after each one, as a crash would.
#pragma once

#include <string>
#include <vector>

#include "smokeping/protocol/slave_cache.hpp"

namespace smokeping::protocol::detail {

struct CacheAppend {
  std::string file;
  std::vector<SlaveCacheEntry> entries;
};

// What a batch has done when it stops after a step. Only after `files_durable` is every line
// durable in its cache file; from `journals_durable` on, in its journal.
enum class WriteStep {
  locked_and_read,   // every file locked (created when missing), old content read
  journals_written,  // every journal holds its file's next content, not yet durable
  journals_durable,  // one barrier: journals and directory entries are on disk
  files_rewritten,   // every file rewritten in place, not yet durable
  files_durable,     // a second barrier: the files are on disk
  done,              // journals retired, locks released
};

// Appends each entry list to its file: locks every file (in file-name order, so concurrent
// batches cannot deadlock), writes every journal, one sync barrier, rewrites every file in
// place, one more barrier, retires the journals. Two barriers for the whole batch instead of
// three syncs per file. Stops after `stop_after`, dropping its locks as a process that died
// there would (tests only). Results are in the order of `appends`.
std::vector<CacheWrite> append_caches(std::vector<CacheAppend> appends,
                                      WriteStep stop_after = WriteStep::done);

}  // namespace smokeping::protocol::detail
