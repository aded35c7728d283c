#include "smokeping/daemon/master_store.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "smokeping/results/measurement.hpp"

namespace smokeping::daemon {

namespace {

std::vector<std::string> split_path(const std::string& rel) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= rel.size()) {
    size_t slash = rel.find('/', start);
    parts.push_back(rel.substr(start, slash == std::string::npos ? rel.npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

}  // namespace

MasterStore::MasterStore(std::shared_ptr<spdlog::logger> log, bool print_updates)
    : log_(log), store_(log), print_updates_(print_updates) {}

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
}

void MasterStore::round_done(const config::Config& config, const std::string& probe,
                             std::vector<results::Measurement> measurements) {
  for (const auto& m : measurements) {
    const config::TargetNode* node = config.find_target(split_path(m.target));
    if (!node) continue;
    store::RrdSpec spec = store::rrd_spec(config, *node);
    std::string values = results::update_string(m);
    if (print_updates_) log_->info("update probe={} target={} values={}", probe, m.target, values);
    {
      std::lock_guard lock(mutex_);
      if (unusable_.count(spec.path)) continue;
    }
    store_.update(spec, m.time, values);
  }
}

}  // namespace smokeping::daemon
