// Where each RRD lives and the exact `rrdtool create` arguments (web-and-rrd.md §1.1, §1.3).
#include <fmt/format.h>

#include <cmath>
#include <cstdio>

#include "smokeping/store/rrd_store.hpp"
#include "src/store/detail/rrd_text.hpp"

namespace smokeping::store {

namespace detail {

std::string perl_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", v);
  return buffer;
}

std::vector<std::string> ds_args(long step, int pings) {
  const long heartbeat = 2 * step;
  std::vector<std::string> args;
  args.reserve(static_cast<size_t>(pings) + 3);
  args.push_back(fmt::format("DS:uptime:GAUGE:{}:0:U", heartbeat));
  args.push_back(fmt::format("DS:loss:GAUGE:{}:0:{}", heartbeat, pings));
  args.push_back(fmt::format("DS:median:GAUGE:{}:0:U", heartbeat));
  for (int i = 1; i <= pings; ++i)
    args.push_back(fmt::format("DS:ping{}:GAUGE:{}:0:U", i, heartbeat));
  return args;
}

// The original pastes the Database row as written; config::Rra holds parsed numbers, so the
// xff comes out in Perl's formatting instead. Both give the same file: only the warning for a
// row written differently ("0.50" vs the file's "0.5", §1.4) cannot be reproduced.
std::string rra_arg(const config::Rra& rra) {
  return fmt::format("RRA:{}:{}:{}:{}", rra.cf, perl_number(rra.xff), rra.steps, rra.rows);
}

std::string template_arg(int pings) {
  std::string out = "uptime:loss:median";
  for (int i = 1; i <= pings; ++i) fmt::format_to(std::back_inserter(out), ":ping{}", i);
  return out;
}

}  // namespace detail

std::string rrd_path(const config::Config& config, const config::TargetNode& node,
                     std::string_view slave) {
  // Plain concatenation, as the original: a datadir written with a trailing '/' gives "//".
  std::string path = config.general.datadir + "/" + node.rel_path();
  if (!slave.empty()) path.append("~").append(slave);
  return path + ".rrd";
}

RrdSpec rrd_spec(const config::Config& config, const config::TargetNode& node,
                 std::string_view slave) {
  // Slave files use the master's step and pings (§1.3), so the node decides both.
  return RrdSpec{rrd_path(config, node, slave), node.step, node.pings, config.database.rras};
}

std::vector<std::string> create_args(const RrdSpec& spec, std::int64_t now) {
  std::vector<std::string> args = {"--start", std::to_string(now - 1), "--step",
                                   std::to_string(spec.step)};
  for (auto& ds : detail::ds_args(spec.step, spec.pings)) args.push_back(std::move(ds));
  for (const auto& rra : spec.rras) args.push_back(detail::rra_arg(rra));
  return args;
}

}  // namespace smokeping::store
