// The slave's durable queue of result rounds (master-slave.md §5, closing §12 W5/W6): every
// round is on disk before it is posted and leaves only after the master took it, so a dead
// master, a restart or kill -9 lose nothing. Bounded by age and size; what a bound drops is
// logged.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace spdlog {
class logger;
}

namespace smokeping::uplink {

struct SpoolLimits {
  std::chrono::seconds max_age = std::chrono::hours(24 * 7);  // rounds older are dropped
  std::uint64_t max_bytes = 64ull * 1024 * 1024;              // oldest rounds go first
};

struct SpooledRound {
  std::string file;       // its name in the spool directory
  std::uint64_t seq = 0;  // order of arrival, across restarts
  std::int64_t time = 0;  // when the round was collected (epoch seconds)
  std::vector<std::string> lines;
  bool operator==(const SpooledRound&) const = default;
};

struct SpoolTotals {
  std::size_t rounds = 0;
  std::size_t lines = 0;
  std::uint64_t bytes = 0;
};

// One file per round, `round-<seq>-<time>.lines`: a header line with the count, size and an
// FNV-1a checksum of the lines, then the lines. Thread-safe.
class Spool {
 public:
  // Takes over `dir` (which must exist): adopts a complete round a crash left as a temporary
  // file and removes a torn one, imports the original slave's `data*.cache` files (Storable
  // arrays of lines) so a slave that swaps binaries loses nothing, then applies the limits.
  // Throws std::system_error when the directory cannot be read.
  Spool(std::string dir, SpoolLimits limits, std::shared_ptr<spdlog::logger> log, std::int64_t now);

  // Stores one round durably: temporary file, fsync, rename, fsync of the directory; then
  // applies the limits. No lines: nothing stored. Throws std::invalid_argument for a line
  // holding LF or CR, std::system_error when the disk refuses.
  void add(const std::vector<std::string>& lines, std::int64_t time, std::int64_t now);

  // Every stored round, oldest first. A file that does not read back as written (disk
  // trouble, someone's editor) is renamed `<file>.corrupt`, logged and left out.
  std::vector<SpooledRound> pending();

  // Forgets the rounds in `files` (names from pending()), after the master took them.
  void remove(const std::vector<std::string>& files);

  SpoolTotals totals() const;
  const std::string& dir() const { return dir_; }

 private:
  struct Entry {
    std::string file;
    std::uint64_t seq;
    std::int64_t time;
    std::size_t lines;
    std::uint64_t bytes;
  };
  void recover_temporary(const std::string& file);
  void import_original_cache(const std::string& file, std::int64_t now);
  void index_file(const std::string& file);
  void store(const std::vector<std::string>& lines, std::int64_t time);  // under mutex_
  void apply_limits(std::int64_t now);                                   // under mutex_
  void quarantine(const std::string& file, const std::string& why);      // under mutex_
  std::string path(const std::string& file) const { return dir_ + "/" + file; }

  std::string dir_;
  SpoolLimits limits_;
  std::shared_ptr<spdlog::logger> log_;
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;  // ordered by seq
  std::uint64_t next_seq_ = 1;
};

}  // namespace smokeping::uplink
