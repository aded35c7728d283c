#include "smokeping/web/slave_status.hpp"

#include <algorithm>

#include "smokeping/protocol/health_file.hpp"
#include "smokeping/protocol/slave_cache.hpp"
#include "smokeping/store/rrd_read.hpp"
#include "smokeping/store/rrd_store.hpp"

namespace smokeping::web {
namespace {

std::string dotted(const config::TargetNode& node) {
  std::string out;
  for (const auto& part : node.path) out += (out.empty() ? "" : ".") + part;
  return out;
}

}  // namespace

SlaveStatusReport slave_status(const config::Config& config, std::int64_t now) {
  SlaveStatusReport report;
  report.now = now;
  if (!config.slaves) return report;
  std::vector<std::string> names;
  for (const auto& s : config.slaves->slaves) {
    SlaveStatus status;
    status.name = s.name;
    status.display_name = s.display_name;
    status.location = s.location;
    report.slaves.push_back(std::move(status));
    names.push_back(s.name);
  }
  auto find = [&](const std::string& name) -> SlaveStatus* {
    auto it = std::find_if(report.slaves.begin(), report.slaves.end(),
                           [&](const auto& s) { return s.name == name; });
    return it == report.slaves.end() ? nullptr : &*it;
  };

  config.for_each_host([&](const config::TargetNode& node) {
    if (!node.has_host()) return;
    for (const auto& slave : node.slaves) {
      SlaveStatus* status = find(slave);
      if (!status) continue;
      status->targets.push_back(dotted(node));
      const long step = node.step > 0 ? node.step : config.database.step;
      if (status->step == 0 || step < status->step) status->step = step;
      store::LastUpdate last = store::last_update(store::rrd_path(config, node, slave));
      if (last.error.empty()) status->last_seen = std::max(status->last_seen, last.time);
    }
  });

  const auto backlog =
      protocol::slave_cache_backlog(protocol::slave_cache_dir(config.general), names);
  protocol::HealthRead health =
      protocol::read_health_file(protocol::health_file_path(config.general));
  if (health.health) {
    report.health_age = now - health.health->written;
  } else {
    report.health_error = health.error;
  }
  for (auto& status : report.slaves) {
    if (auto it = backlog.find(status.name); it != backlog.end()) {
      status.backlog_files = it->second.files;
      status.backlog_bytes = it->second.bytes;
      status.backlog_rows = it->second.rows;
      status.last_seen = std::max(status.last_seen, it->second.newest);
    }
    if (status.last_seen > 0) {
      status.lag_seconds = std::max<std::int64_t>(0, now - status.last_seen);
      if (status.step > 0)
        status.lag_steps = static_cast<double>(*status.lag_seconds) / status.step;
    }
    if (health.health) {
      for (const auto& h : health.health->slaves) {
        if (h.name != status.name) continue;
        status.last_merge = h.last_merge;
        status.rows_merged = h.rows_merged;
      }
    }
  }
  return report;
}

}  // namespace smokeping::web
