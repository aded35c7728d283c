// ?target=A.B[~SLAVE]&format=json: a target's RRD rows for a time range.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

#include "smokeping/store/rrd_read.hpp"
#include "smokeping/store/rrd_store.hpp"
#include "smokeping/web/graph_time.hpp"
#include "smokeping/web/json_api.hpp"
#include "smokeping/web/json_writer.hpp"

namespace smokeping::web {
namespace {

// librrd allocates every row of a fetch up front: an anonymous start=1&end=4294967295 would
// be gigabytes at a 60 s step.
constexpr std::int64_t kMaxRows = 100000;

// The fetch resolution for `span` seconds: 0 (rrdtool's default, the finest archive covering
// the range) when its rows fit at the target's step, else coarse enough for them to fit,
// which librrd answers from a coarser archive. nullopt when even the config's coarsest
// AVERAGE archive would give more rows than kMaxRows.
std::optional<long> fetch_resolution(const config::Config& config, std::int64_t step,
                                     std::int64_t span) {
  if (step <= 0 || span / step <= kMaxRows) return 0;
  std::int64_t coarsest = step;
  for (const auto& rra : config.database.rras) {
    if (rra.cf == "AVERAGE") coarsest = std::max<std::int64_t>(coarsest, rra.steps * step);
  }
  if (span / coarsest > kMaxRows) return std::nullopt;
  const std::int64_t wanted = (span + kMaxRows - 1) / kMaxRows;
  return static_cast<long>((wanted + step - 1) / step * step);  // whole steps
}

Response json_response(int status, std::string body) {
  return Response{
      status, {{"Content-Type", "application/json"}, {"Cache-Control", "no-cache"}}, body};
}

Response json_refusal(const PageInput& input, spdlog::logger& log, int status,
                      const std::string& why) {
  log.warn("{} status={} (GET {})", why, status, input.request.var("QUERY_STRING"));
  return json_response(status, json_error(why));
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  while (true) {
    std::size_t at = text.find(sep, from);
    parts.push_back(text.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) return parts;
    from = at + 1;
  }
}

// A start/end value as the navigator reads it (graph_time.hpp), "" left to `fallback`.
std::string range_value(const std::string* field, const char* fallback, std::int64_t now) {
  if (!field || field->empty()) return fallback;
  return parse_datetime(*field, now);
}

}  // namespace

Response json_data_response(const PageInput& input, spdlog::logger& log) {
  const config::Config& config = input.config;
  for (const auto& [name, value] : input.form.fields) {
    if (name != "target" && name != "format" && name != "start" && name != "end")
      return json_refusal(input, log, 400, "unknown parameter " + name);
    if (value.find('\0') != std::string::npos)
      return json_refusal(input, log, 400, "NUL byte in parameter " + name);
  }
  const std::string target = input.form.value("target");
  std::vector<std::string> halves = split(target, '~');
  if (halves.size() > 2 || halves[0].empty() || (halves.size() == 2 && halves[1].empty()))
    return json_refusal(input, log, 400, "target must be PATH or PATH~SLAVE");
  const std::string slave = halves.size() == 2 ? halves[1] : "";
  std::vector<std::string> path = split(halves[0], '.');
  for (const auto& part : path) {
    if (part.empty() || part.find('/') != std::string::npos)
      return json_refusal(input, log, 400, "invalid target '" + halves[0] + "'");
  }
  const config::TargetNode* node = config.find_target(path);
  if (!node) return json_refusal(input, log, 404, "unknown target '" + halves[0] + "'");
  if (!node->has_host())
    return json_refusal(input, log, 404, "target '" + halves[0] + "' has no data (a group)");
  if (!slave.empty()) {
    if (!config.slaves || !config.slaves->find(slave))
      return json_refusal(input, log, 404, "unknown slave '" + slave + "'");
    if (std::find(node->slaves.begin(), node->slaves.end(), slave) == node->slaves.end())
      return json_refusal(input, log, 404,
                          "slave '" + slave + "' does not report for '" + halves[0] + "'");
  }
  store::TimeSpan span =
      store::resolve_span(range_value(input.form.find("start"), "-3h", input.now),
                          range_value(input.form.find("end"), "now", input.now));
  if (!span.error.empty()) return json_refusal(input, log, 400, span.error);
  const std::int64_t step = node->step > 0 ? node->step : config.database.step;
  const std::optional<long> resolution = fetch_resolution(config, step, span.end - span.start);
  if (!resolution) {
    return json_refusal(input, log, 400,
                        fmt::format("the range holds more than {} rows even in the coarsest "
                                    "archive: ask for less",
                                    kMaxRows));
  }
  const std::string rrd = store::rrd_path(config, *node, slave);
  store::RrdTable table = store::fetch_table(rrd, "AVERAGE", std::to_string(span.start),
                                             std::to_string(span.end), *resolution);
  if (static_cast<std::int64_t>(table.rows.size()) > kMaxRows + 1) {  // +1: both ends
    // The file has no archive as coarse as the config says (made with another Database).
    return json_refusal(input, log, 400,
                        fmt::format("the range holds more than {} rows: ask for less", kMaxRows));
  }
  if (!table.error.empty()) {
    // A missing file is our problem, a range librrd refuses is the caller's.
    const bool missing = ::access(rrd.c_str(), R_OK) != 0;
    return json_refusal(input, log, missing ? 404 : 400,
                        missing ? "no data file for '" + target + "'" : table.error);
  }

  // The first and last row times (both librrd's start when there is no row).
  const std::int64_t first = table.rows.empty() ? table.start : table.row_time(0);
  const std::int64_t last =
      table.rows.empty() ? table.start : table.row_time(table.rows.size() - 1);
  std::string out = "{\"target\":" + json_string(halves[0]) +
                    ",\"slave\":" + (slave.empty() ? "null" : json_string(slave)) +
                    ",\"cf\":\"AVERAGE\",\"step\":" + std::to_string(table.step) +
                    ",\"start\":" + std::to_string(first) + ",\"end\":" + std::to_string(last) +
                    ",\"pings\":" + std::to_string(node->pings) + ",\"columns\":[\"time\"";
  for (const auto& name : table.names) out += "," + json_string(name);
  out += "],\"rows\":[";
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    out += (i ? ",\n[" : "\n[") + std::to_string(table.row_time(i));
    for (const auto& v : table.rows[i]) out += "," + json_number(v);
    out += "]";
  }
  out += "]}\n";
  return json_response(200, std::move(out));
}

}  // namespace smokeping::web
