// The master daemon's health file: what the daemon knows about its own rounds and its slaves,
// written after every round for smokeping.cgi (the metrics and slave status pages) to read.
// It lives at `<datadir>/.smokeping-health`, which the CGI reads anyway, and is replaced
// atomically (temp file + rename), so a reader sees one whole version or the previous one.
//
// The format is text, one record per line, `key=value` fields separated by single spaces
// (names and values never hold blanks or '='):
//   smokeping-health 1
//   daemon pid=4711 started=1764100000 version=2.7.3 written=1764100300
//   probe name=FPing step=300 last_start=1764100290 last_seconds=4 targets=12 rounds=1 overruns=0
//   slave name=boomer last_merge=1764100294 rows_merged=37 backlog_files=0 backlog_bytes=0
//         backlog_rows=0                                     (one line in the file)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"

namespace smokeping::protocol {

struct ProbeHealth {
  std::string name;
  long step = 0;
  std::int64_t last_start = 0;    // Unix seconds the last round was due
  std::int64_t last_seconds = 0;  // how long it took
  std::int64_t targets = 0;       // targets it measured
  std::int64_t rounds = 0;        // rounds since the daemon started
  std::int64_t overruns = 0;      // rounds that ended after their step, since the start
  bool operator==(const ProbeHealth&) const = default;
};

struct SlaveHealth {
  std::string name;
  std::int64_t last_merge = 0;   // when the daemon last merged rows of it (0: never)
  std::int64_t rows_merged = 0;  // rows merged since the daemon started
  // What waits in its `.slave_cache` files after the last round.
  std::int64_t backlog_files = 0, backlog_bytes = 0, backlog_rows = 0;
  bool operator==(const SlaveHealth&) const = default;
};

struct Health {
  std::int64_t pid = 0;
  std::int64_t started = 0;  // Unix seconds
  std::string version;
  std::int64_t written = 0;  // when this version of the file was written
  std::vector<ProbeHealth> probes;
  std::vector<SlaveHealth> slaves;
  bool operator==(const Health&) const = default;
};

// `<datadir>/.smokeping-health`.
std::string health_file_path(const config::General& general);

std::string format_health(const Health& health);

struct HealthParse {
  std::optional<Health> health;  // nullopt: not a health file (error says why)
  std::string error;
};
// Lines it does not know are skipped (a newer daemon may add some); a bad number, a missing
// name or a missing/unknown first line make the whole file unreadable.
HealthParse parse_health(std::string_view text);

// Writes `path` through `<path>.tmp` and rename(2). Throws std::system_error.
void write_health_file(const std::string& path, const Health& health);

// The file's content, nullopt with `error` set when it cannot be read or parsed; `mtime` is
// the file's modification time.
struct HealthRead {
  std::optional<Health> health;
  std::int64_t mtime = 0;
  std::string error;
};
HealthRead read_health_file(const std::string& path);

// What waits in the `.slave_cache` files under `cache_dir` for each slave of `slaves` (a file
// is `<target>.<slave>.slave_cache`; journals, quarantined and empty files are not counted).
struct CacheBacklog {
  std::int64_t files = 0, bytes = 0, rows = 0;
  std::int64_t newest = 0;  // the newest file's mtime (the slave's last post), 0 for none
};
std::map<std::string, CacheBacklog> slave_cache_backlog(const std::string& cache_dir,
                                                        const std::vector<std::string>& slaves);

// The entries in one cache file; 0 when it cannot be read or decoded.
std::int64_t slave_cache_rows(const std::string& file);

}  // namespace smokeping::protocol
