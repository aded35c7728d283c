#include "smokeping/daemon/health_sink.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <system_error>

#include "smokeping/core/build_info.hpp"
#include "smokeping/protocol/slave_cache.hpp"

namespace smokeping::daemon {
namespace {

namespace fs = std::filesystem;

std::int64_t wall_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

protocol::SlaveHealth& slave_entry(protocol::Health& h, const std::string& name) {
  auto it =
      std::find_if(h.slaves.begin(), h.slaves.end(), [&](const auto& s) { return s.name == name; });
  if (it != h.slaves.end()) return *it;
  h.slaves.push_back({name});
  return h.slaves.back();
}

}  // namespace

HealthSink::HealthSink(sched::ResultSink& inner, std::shared_ptr<spdlog::logger> log,
                       std::int64_t pid, std::int64_t started)
    : inner_(inner), log_(std::move(log)) {
  health_.pid = pid;
  health_.started = started;
  health_.version = core::kCompatVersion;
}

void HealthSink::round_done(const config::Config& config, const std::string& probe,
                            std::vector<results::Measurement> measurements) {
  const std::string cache_dir = protocol::slave_cache_dir(config.general);
  // What this probe's targets have waiting now is what the store merges in this round.
  std::map<std::string, std::int64_t> pending;
  config.for_each_host([&](const config::TargetNode& node) {
    if (node.kind != config::TargetNode::Kind::host || !node.probe || node.probe->name != probe)
      return;
    for (const auto& slave : node.slaves) {
      fs::path file = protocol::slave_cache_file(cache_dir, "/" + node.rel_path(), slave);
      std::error_code ec;
      if (fs::file_size(file, ec) > 0 && !ec) pending[slave] += protocol::slave_cache_rows(file);
    }
  });
  inner_.round_done(config, probe, std::move(measurements));

  std::vector<std::string> slaves;
  if (config.slaves) {
    for (const auto& s : config.slaves->slaves) slaves.push_back(s.name);
  }
  std::map<std::string, protocol::CacheBacklog> backlog =
      protocol::slave_cache_backlog(cache_dir, slaves);
  const std::int64_t now = wall_now();
  std::lock_guard lock(mutex_);
  path_ = protocol::health_file_path(config.general);
  // Slaves and probes no longer configured leave the file.
  std::erase_if(health_.slaves, [&](const auto& s) { return !backlog.count(s.name); });
  std::erase_if(health_.probes, [&](const auto& p) {
    return std::none_of(config.probes.begin(), config.probes.end(),
                        [&](const config::ProbeInstance& c) { return c.name == p.name; });
  });
  for (const auto& [name, b] : backlog) {
    protocol::SlaveHealth& s = slave_entry(health_, name);
    if (auto it = pending.find(name); it != pending.end() && it->second > 0) {
      s.last_merge = now;
      s.rows_merged += it->second;
    }
    s.backlog_files = b.files;
    s.backlog_bytes = b.bytes;
    s.backlog_rows = b.rows;
  }
}

void HealthSink::round_stats(const sched::RoundStats& stats) {
  inner_.round_stats(stats);
  protocol::Health copy;
  std::string path;
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(health_.probes.begin(), health_.probes.end(),
                           [&](const auto& p) { return p.name == stats.probe; });
    if (it == health_.probes.end()) {
      health_.probes.push_back({stats.probe});
      it = std::prev(health_.probes.end());
    }
    it->step = stats.step;
    it->last_start = stats.start;
    it->last_seconds = stats.seconds;
    it->targets = static_cast<std::int64_t>(stats.targets);
    ++it->rounds;
    if (stats.overran) ++it->overruns;
    health_.written = wall_now();
    copy = health_;
    path = path_;
  }
  if (!path.empty()) write_(path, copy);
}

protocol::Health HealthSink::snapshot() const {
  std::lock_guard lock(mutex_);
  return health_;
}

void HealthSink::write_(const std::string& path, const protocol::Health& health) {
  // Two workers may finish together: one writer at a time keeps the temp file whole.
  std::lock_guard lock(write_mutex_);
  try {
    protocol::write_health_file(path, health);
    write_failed_ = false;
  } catch (const std::system_error& e) {
    if (!write_failed_) log_->warn("health file not written err={}", e.what());
    write_failed_ = true;
  }
}

}  // namespace smokeping::daemon
