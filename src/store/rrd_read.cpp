#include "smokeping/store/rrd_read.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "src/store/detail/rrd_lib.hpp"

namespace smokeping::store {
namespace {

std::optional<double> known(double v) {
  return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

// librrd's text of a last value: a number, or "U".
std::optional<double> parse_value(const std::string& text) {
  if (text.empty() || text == "U") return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') return std::nullopt;
  return known(v);
}

}  // namespace

RrdTable fetch_table(const std::string& rrd, const std::string& cf, const std::string& start,
                     const std::string& end, long resolution) {
  std::vector<std::string> args = {rrd, cf, "--start", start, "--end", end};
  if (resolution > 0) {
    args.insert(args.end(), {"--resolution", std::to_string(resolution)});
  }
  detail::FetchRead read = detail::rrd_read_fetch(args);
  RrdTable out;
  if (read.error) {
    out.error = *read.error;
    return out;
  }
  out.start = read.start;
  out.step = static_cast<long>(read.step);
  out.names = std::move(read.names);
  out.rows.reserve(read.rows.size());
  for (const auto& row : read.rows) {
    std::vector<std::optional<double>> values;
    values.reserve(row.size());
    for (double v : row) values.push_back(known(v));
    out.rows.push_back(std::move(values));
  }
  return out;
}

TimeSpan resolve_span(const std::string& start, const std::string& end) {
  detail::SpanRead read = detail::rrd_resolve_span(start, end);
  if (read.error) return TimeSpan{*read.error, 0, 0};
  return TimeSpan{"", read.start, read.end};
}

std::optional<double> LastUpdate::value(const std::string& name) const {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return values[static_cast<std::size_t>(it - names.begin())];
}

LastUpdate last_update(const std::string& rrd) {
  detail::LastUpdateRead read = detail::rrd_read_lastupdate(rrd);
  LastUpdate out;
  if (read.error) {
    out.error = *read.error;
    return out;
  }
  out.time = read.time;
  out.names = std::move(read.names);
  for (const auto& text : read.values) out.values.push_back(parse_value(text));
  return out;
}

}  // namespace smokeping::store
