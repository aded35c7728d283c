// InfluxDB line protocol: one point per line, `measurement,tag=v field=v time`. Pure encoding;
// what goes into a point is influx_point.hpp's business.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

// `export` is a C++ keyword, so the namespace of src/export/ is `exports`.
namespace smokeping::exports {

// A float, an integer (written with the `i` suffix) or a string (written quoted).
using FieldValue = std::variant<double, std::int64_t, std::string>;

struct Point {
  std::string measurement;
  std::vector<std::pair<std::string, std::string>> tags;  // written in this order
  std::vector<std::pair<std::string, FieldValue>> fields;
  std::int64_t time = 0;  // in the unit of the write's `precision`
  bool operator==(const Point&) const = default;
};

// Escapes for the three places a name can stand (InfluxDB's rules): measurements escape
// commas and spaces; tag keys, tag values and field keys also escape `=`. Line breaks, which
// no escape can carry, become spaces. A backslash stays literal unless it would swallow the
// separator after it (at the end, or before an escaped character): then it is doubled.
std::string escape_measurement(std::string_view text);
std::string escape_key(std::string_view text);  // tag keys, tag values, field keys
// A string field value in double quotes, with `"` and `\` escaped.
std::string quote_string(std::string_view text);

// The point as one line without the newline. Tags with an empty key or value and fields that
// are not finite numbers are left out (the protocol has no way to write them); a point left
// with no field encodes as "" (InfluxDB would reject the whole batch for it).
std::string encode_line(const Point& point);

}  // namespace smokeping::exports
