// What the master knows of each of its slaves (?slavestatus): when it last delivered data,
// how far behind that is, what waits in its `.slave_cache` files, which targets it measures.
// The classic page, its JSON form and the modern UI all render this one report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/web/http.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::web {

struct SlaveStatus {
  std::string name, display_name, location;
  std::vector<std::string> targets;  // "Europe.Zurich", the targets listing the slave
  long step = 0;                     // the smallest step of those targets
  // The newest row time over its `~slave` RRDs, or its newest cache file when that is newer
  // (data posted, not merged yet); 0: never seen.
  std::int64_t last_seen = 0;
  std::optional<std::int64_t> lag_seconds;  // now - last_seen, when seen
  std::optional<double> lag_steps;          // lag_seconds / step
  std::int64_t backlog_files = 0, backlog_bytes = 0, backlog_rows = 0;
  // From the daemon's health file (nullopt without one): when it last merged rows of this
  // slave and how many since it started.
  std::optional<std::int64_t> last_merge, rows_merged;
};

struct SlaveStatusReport {
  std::int64_t now = 0;
  std::vector<SlaveStatus> slaves;         // in config order
  std::string health_error;                // why the health file was not used, "" when it was
  std::optional<std::int64_t> health_age;  // now - its last write
};

// Reads each target's `~slave` RRD header (rrd lastupdate), the cache directory and the
// health file. Never throws for missing or unreadable files: they leave the fields empty.
SlaveStatusReport slave_status(const config::Config& config, std::int64_t now);

std::string slave_status_json(const SlaveStatusReport& report);

// The HTML table (the body of the page; `?slavestatus` is the pages' view=slavestatus).
std::string slave_status_table(const SlaveStatusReport& report);

// ?slavestatus&format=json.
Response slave_status_json_response(const config::Config& config, std::int64_t now);

}  // namespace smokeping::web
