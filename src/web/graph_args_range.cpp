// The time range and heading of the one-graph modes (web-and-rrd.md §2.7, §3.7, §3.8).
#include <algorithm>

#include "smokeping/web/graph_args.hpp"
#include "smokeping/web/graph_time.hpp"
#include "src/web/detail/graph_pieces.hpp"

namespace smokeping::web {

RangeSpec resolve_range(DetailMode mode, std::string_view start, std::string_view end,
                        std::int64_t now, bool multihost) {
  RangeSpec r;
  r.mode = mode;
  r.end = "last";
  r.date = now;
  if (mode == DetailMode::chart) {
    r.findmax_start = std::to_string(now - 3600);
    r.findmax_end = std::to_string(now);
    // The multihost chart puts "-" before an epoch (a start decades back), as the original.
    r.start = multihost ? "-" + r.findmax_start : "-3600";
    if (multihost) r.end = r.findmax_end;
  } else {
    r.findmax_start = parse_datetime(start, now);
    r.findmax_end = parse_datetime(end, now);
    r.start = r.findmax_start;
    if (!r.findmax_end.empty()) r.end = r.findmax_end;
  }
  const bool numeric_end =
      std::all_of(r.end.begin(), r.end.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (numeric_end) r.date = std::stoll(r.end);
  return r;
}

std::string range_desc(const config::Config& config, DetailMode mode,
                       const config::TargetNode& node, std::string_view slave,
                       std::string_view title) {
  const bool multihost = node.kind == config::TargetNode::Kind::multihost;
  if (mode == DetailMode::chart) return node.rel_path();
  // `$q->param('title') || ...`: "0" counts as no title; multihost graphs ignore it.
  if (!multihost && !title.empty() && title != "0") return std::string(title);
  std::string desc = "Navigator Graph";
  if (!multihost && !slave.empty()) desc += " as seen from " + detail::slave_name(config, slave);
  return desc;
}

}  // namespace smokeping::web
