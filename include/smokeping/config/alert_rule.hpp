// The typed meaning of an alert's `pattern` and of a chart's `sorter`, checked the way the
// original checks them when it loads a config (config.md §5).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smokeping::config {

// Thrown with the original's message text (e.g. "ERROR: Alert x pattern entry 'y' is invalid");
// the caller adds file and line.
class AlertSyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class AlertType { loss, rtt, matcher };
enum class CompareOp { eq, ne, lt, gt, le, ge };

// One comma-separated element of a classic loss/rtt pattern.
struct PatternElement {
  enum class Kind {
    compare,  // OP n [OP2 m]: `value OP n` (and `value OP2 m` when has_second)
    unknown,  // ==U (value unknown) or !=U (value known): op is eq or ne
    start,    // ==S: the marker written when the daemon starts
    any,      // ==*: any value
    skip,     // *N*: up to `skip` arbitrary values
  };
  Kind kind = Kind::compare;
  CompareOp op = CompareOp::eq;
  double value = 0;  // loss in percent, rtt in milliseconds (as written)
  bool has_second = false;
  CompareOp op2 = CompareOp::lt;
  double value2 = 0;
  int skip = 0;
  bool operator==(const PatternElement&) const = default;
};

struct ClassicPattern {
  std::vector<PatternElement> elements;  // oldest first, as written
  int min_length = 0;                    // number of comparing elements
  int max_length = 0;                    // min_length + sum of all *N*
  bool operator==(const ClassicPattern&) const = default;
};

// `Name(key=>value, ...)`: a matcher or a sorter call with its arguments, values unquoted.
struct CallSpec {
  std::string name;
  std::vector<std::pair<std::string, std::string>> args;
  bool operator==(const CallSpec&) const = default;
};

struct MatcherRule {
  CallSpec call;
  int history_length = 0;  // how many past values the matcher looks at (config.md §5.2 table)
  bool operator==(const MatcherRule&) const = default;
};

// Parses a classic pattern of alert `alert_name` (type loss or rtt).
ClassicPattern parse_classic_pattern(std::string_view alert_name, AlertType type,
                                     std::string_view pattern);

// Parses and validates `Name(args)` of a matcher alert (known matcher, known keys, valid data).
MatcherRule parse_matcher(std::string_view alert_name, std::string_view pattern);

// Parses and validates a chart sorter call, e.g. `Max(entries=>10)`.
CallSpec parse_sorter(std::string_view sorter);

}  // namespace smokeping::config
