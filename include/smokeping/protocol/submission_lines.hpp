// The `data` field of a slave's post (master-slave.md §2.3): one line per target,
// `<path> TAB <time> TAB <update string>`, joined with LF. The original checks only for `..`
// (§6.1, §12 W7, W9); we check every line and keep the good ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace smokeping::protocol {

// A line that passed every check, ready for the slave cache.
struct DataLine {
  std::string path;  // "/Local/localhost"
  std::string time;  // as posted: decimal digits
  std::int64_t seconds = 0;
  std::string update;  // "U:0:4.7e-05:..." with pings + 3 fields
  bool operator==(const DataLine&) const = default;
};

enum class LineProblem {
  empty_line,          // an empty line between lines (a trailing LF is tolerated)
  field_count,         // not exactly three TAB-separated fields
  bad_path,            // not "/" + non-empty names, or with NUL or control bytes
  dot_path,            // a "." or ".." component
  unknown_target,      // no target with a host at that path
  not_assigned,        // the target's `slaves` does not name this slave
  bad_time,            // not a decimal integer of at most 18 digits
  future_time,         // later than now + the allowed skew
  update_field_count,  // not pings + 3 fields
  bad_update_value,    // a field that is neither U nor a number
};

struct RefusedLine {
  std::size_t line_no = 0;  // 1-based
  LineProblem problem = LineProblem::bad_path;
  std::string path;    // the path field as posted (may be anything)
  std::string reason;  // in words: "target is not assigned to this slave"
};

// What the master knows about a target path, for one slave.
struct TargetCheck {
  enum class Status { ok, unknown, not_assigned };
  Status status = Status::unknown;
  int pings = 0;  // the master's pings for that target, when ok
};

struct LineRules {
  std::int64_t now = 0;                                      // the master's clock, Unix seconds
  std::int64_t max_future_skew = 60;                         // seconds a slave's clock may be ahead
  std::function<TargetCheck(std::string_view path)> target;  // required
};

struct ParsedData {
  std::vector<DataLine> accepted;  // in posted order
  std::vector<RefusedLine> refused;
  std::size_t lines = 0;  // lines seen (accepted + refused)
};

// Splits `data` into lines and checks each one on its own; never throws on bad input.
ParsedData parse_data_lines(std::string_view data, const LineRules& rules);

// A short name for the problem, for logs and tests: "not_assigned".
std::string_view to_string(LineProblem problem);

}  // namespace smokeping::protocol
