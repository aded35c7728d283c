#include "smokeping/daemon/master_store.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <map>

#include "smokeping/daemon/sorter_cache.hpp"
#include "smokeping/daemon/target_updates.hpp"
#include "smokeping/export/influx_point.hpp"
#include "smokeping/protocol/slave_cache.hpp"
#include "smokeping/results/measurement.hpp"

namespace smokeping::daemon {

MasterStore::MasterStore(std::shared_ptr<spdlog::logger> log, bool print_updates,
                         std::vector<std::string> filter_patterns)
    : log_(log),
      store_(log),
      print_updates_(print_updates),
      filter_patterns_(std::move(filter_patterns)) {}

void MasterStore::prepare(const config::Config& config, const sched::TargetFilter& filter) {
  std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  std::set<std::string> unusable;
  config.for_each_host([&](const config::TargetNode& node) {
    if (!filter.admits(node.rel_path())) return;
    std::vector<std::string> names{""};
    names.insert(names.end(), node.slaves.begin(), node.slaves.end());
    for (const auto& slave : names) {
      store::RrdSpec spec = store::rrd_spec(config, node, slave);
      if (store_.prepare(spec, now)) unusable.insert(spec.path);
    }
  });
  std::lock_guard lock(mutex_);
  unusable_ = std::move(unusable);
  filter_ = filter;
}

void MasterStore::round_done(const config::Config& config, const std::string& probe,
                             std::vector<results::Measurement> measurements) {
  std::map<std::string, const results::Measurement*> measured;
  for (const auto& m : measurements) measured[m.target] = &m;
  std::string cache_dir = protocol::slave_cache_dir(config.general);
  sched::TargetFilter filter;
  {
    std::lock_guard lock(mutex_);
    filter = filter_;
  }
  SorterCacheRound sorters(config);
  bool influx = influx_ && influx_->enabled();
  std::vector<std::string> influx_lines;
  config.for_each_host([&](const config::TargetNode& node) {
    const bool probed = node.kind == config::TargetNode::Kind::host ||
                        node.kind == config::TargetNode::Kind::dynamic;
    if (!probed || !node.probe || node.probe->name != probe) return;
    std::string rel = node.rel_path();
    if (!filter.admits(rel)) return;
    std::optional<TargetUpdate> own;
    if (auto it = measured.find(rel); it != measured.end()) {
      own = TargetUpdate{"", it->second->time, results::update_string(*it->second)};
    }
    std::vector<std::string> taken;
    auto rows = target_updates(node, std::move(own), cache_dir, protocol::begin_slave_cache_take,
                               *log_, &taken, &denied_dirs_);
    std::vector<bool> stored(rows.size(), false);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const TargetUpdate& row = rows[i];
      store::RrdSpec spec = store::rrd_spec(config, node, row.slave);
      // The Charts pages rank what was measured, whether or not the RRD took the row.
      sorters.add(row.slave.empty() ? rel : rel + "~" + row.slave, row.values);
      if (print_updates_) {
        log_->info("update probe={} target={}{}{} time={} values={}", probe, rel,
                   row.slave.empty() ? "" : "~", row.slave, row.time, row.values);
      }
      {
        std::lock_guard lock(mutex_);
        if (unusable_.count(spec.path)) continue;
      }
      // A file whose creation failed (a full disk) or that was deleted is made again here,
      // so its rows land as soon as the cause is gone rather than after the next reload.
      if (!store_.exists(spec) && store_.prepare(spec, row.time)) {
        std::lock_guard lock(mutex_);
        unusable_.insert(spec.path);
        continue;
      }
      // A replayed row was usually stored before the daemon died; librrd refuses it again
      // as not newer, which is no news worth a warning (any other failure still is).
      stored[i] = store_.update(spec, row.time, row.values, row.replayed);
    }
    // Only now may the taken entries go: a daemon killed before this line gets them again.
    for (const auto& file : taken) {
      if (std::string error = protocol::confirm_slave_cache_take(file); !error.empty()) {
        log_->error("slave cache take not confirmed file={} error={}", file, error);
      }
    }
    if (alerts_) alerts_->rows(config, node, rows);
    // InfluxDB gets what the RRD files got: a refused row (not newer, unusable file) was
    // either sent already or is not data of this target.
    for (std::size_t i = 0; i < rows.size() && influx; ++i) {
      if (!stored[i]) continue;
      const TargetUpdate& row = rows[i];
      auto point = exports::influx_point(node, {row.slave, row.time, row.values});
      std::string line = point ? exports::encode_line(*point) : "";
      if (line.empty()) {
        log_->warn("influx point skipped, malformed update target={} slave={}", rel, row.slave);
      } else {
        influx_lines.push_back(std::move(line));
      }
    }
  });
  if (influx) influx_->push(std::move(influx_lines));
  try {
    sorters.save(config.general.datadir, sorter_cache_ext(probe, filter_patterns_));
  } catch (const std::system_error& e) {
    log_->warn("sorter cache not written err={}", e.what());
  }
}

}  // namespace smokeping::daemon
