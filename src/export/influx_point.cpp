#include "smokeping/export/influx_point.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace smokeping::exports {

namespace {

std::vector<std::string_view> split_colons(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    std::size_t colon = text.find(':');
    parts.push_back(text.substr(0, colon));
    if (colon == std::string_view::npos) return parts;
    text.remove_prefix(colon + 1);
  }
}

// A finite number, or nullopt for "U" (and for anything else that is not a number).
std::optional<double> number(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> count(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<Point> influx_point(const config::TargetNode& node, const InfluxRow& row) {
  if (!node.probe) return std::nullopt;
  std::vector<std::string_view> values = split_colons(row.values);
  if (values.size() < 3) return std::nullopt;
  std::optional<std::int64_t> loss = count(values[1]);
  // The row may come from a slave: a loss above the pings sent is nonsense (and `* 100` of a
  // huge one would overflow).
  if (!loss || (node.pings > 0 && *loss > node.pings)) return std::nullopt;
  // 2.9.0 divides by the target's pings and truncates toward zero.
  std::optional<std::int64_t> loss_percent;
  if (node.pings > 0) loss_percent = *loss * 100 / node.pings;

  Point point;
  point.measurement = node.probe->name;
  point.time = row.time * 1000;

  std::vector<std::pair<std::string, std::string>> tags{
      {"host", node.host},
      {"title", node.title},
      {"path", "/" + node.rel_path()},
      {"slave", row.slave.empty() ? std::string("master") : std::string(row.slave)},
      {"loss", std::to_string(*loss)},
  };
  if (loss_percent) tags.emplace_back("loss_percent", std::to_string(*loss_percent));
  for (const auto& [name, value] : node.influx_tags) tags.emplace_back("tag_" + name, value);
  std::sort(tags.begin(), tags.end());
  point.tags = std::move(tags);

  auto& fields = point.fields;
  if (auto uptime = number(values[0])) fields.emplace_back("uptime", *uptime);
  fields.emplace_back("loss", *loss);
  if (loss_percent) fields.emplace_back("loss_percent", *loss_percent);
  if (auto median = number(values[2])) fields.emplace_back("median", *median);
  std::optional<double> min, max;
  for (std::size_t i = 3; i < values.size(); ++i) {
    std::optional<double> rtt = number(values[i]);
    if (!rtt) continue;
    fields.emplace_back("ping" + std::to_string(i - 2), *rtt);
    min = min ? std::min(*min, *rtt) : *rtt;
    max = max ? std::max(*max, *rtt) : *rtt;
  }
  if (min) fields.emplace_back("min", *min);
  if (max) fields.emplace_back("max", *max);
  return point;
}

}  // namespace smokeping::exports
