// The slave status report as JSON and as the HTML table.
#include <fmt/format.h>

#include "smokeping/web/html.hpp"
#include "smokeping/web/json_writer.hpp"
#include "smokeping/web/slave_status.hpp"

namespace smokeping::web {
namespace {

std::string json_int(std::optional<std::int64_t> v) {
  return v ? std::to_string(*v) : std::string("null");
}

std::string when_text(std::int64_t t, std::int64_t now) {
  if (t <= 0) return "never";
  return fmt::format("{} s ago", now - t);
}

}  // namespace

std::string slave_status_json(const SlaveStatusReport& r) {
  std::string out =
      "{\"now\":" + std::to_string(r.now) + ",\"health_file_age\":" + json_int(r.health_age) +
      ",\"health_error\":" + (r.health_error.empty() ? "null" : json_string(r.health_error)) +
      ",\"slaves\":[";
  bool first = true;
  for (const auto& s : r.slaves) {
    if (!first) out += ",";
    first = false;
    out +=
        "\n{\"name\":" + json_string(s.name) + ",\"display_name\":" + json_string(s.display_name) +
        ",\"location\":" + json_string(s.location) + ",\"step\":" + std::to_string(s.step) +
        ",\"last_seen\":" + json_int(s.last_seen > 0 ? std::optional(s.last_seen) : std::nullopt) +
        ",\"lag_seconds\":" + json_int(s.lag_seconds) +
        ",\"lag_steps\":" + json_number(s.lag_steps) +
        ",\"backlog\":{\"files\":" + std::to_string(s.backlog_files) +
        ",\"bytes\":" + std::to_string(s.backlog_bytes) +
        ",\"rows\":" + std::to_string(s.backlog_rows) + "}" +
        ",\"last_merge\":" + json_int(s.last_merge) +
        ",\"rows_merged\":" + json_int(s.rows_merged) + ",\"targets\":[";
    for (std::size_t i = 0; i < s.targets.size(); ++i)
      out += (i ? "," : "") + json_string(s.targets[i]);
    out += "]}";
  }
  out += "]}\n";
  return out;
}

std::string slave_status_table(const SlaveStatusReport& r) {
  std::string out =
      "<h2>Slaves</h2>\n<table class=\"slavestatus\" border=\"1\" cellpadding=\"4\">\n"
      "<tr><th>Slave</th><th>Location</th><th>Last seen</th><th>Lag (steps)</th>"
      "<th>Cache backlog</th><th>Last merged</th><th>Targets</th></tr>\n";
  for (const auto& s : r.slaves) {
    const std::string name = s.display_name.empty() ? s.name : s.display_name;
    out += "<tr class=\"slave\" data-slave=\"" + html_escape(s.name) + "\"><td>" +
           html_escape(name) + "</td><td>" + html_escape(s.location) + "</td><td>" +
           when_text(s.last_seen, r.now) + "</td><td>" +
           (s.lag_steps ? fmt::format("{:.1f}", *s.lag_steps) : std::string("-")) + "</td><td>" +
           fmt::format("{} rows, {} files, {} bytes", s.backlog_rows, s.backlog_files,
                       s.backlog_bytes) +
           "</td><td>" + (s.last_merge ? when_text(*s.last_merge, r.now) : std::string("-")) +
           "</td><td>" + std::to_string(s.targets.size()) + "</td></tr>\n";
  }
  out += "</table>\n";
  if (!r.health_error.empty())
    out += "<p>Daemon health file not available: " + html_escape(r.health_error) + "</p>\n";
  return out;
}

Response slave_status_json_response(const config::Config& config, std::int64_t now) {
  return Response{200,
                  {{"Content-Type", "application/json"}, {"Cache-Control", "no-cache"}},
                  slave_status_json(slave_status(config, now))};
}

}  // namespace smokeping::web
