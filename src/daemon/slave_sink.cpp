#include "smokeping/daemon/slave_sink.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace smokeping::daemon {

namespace {

std::int64_t epoch_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::vector<std::string> round_lines(const config::Config& config, const std::string& probe,
                                     const std::vector<results::Measurement>& measurements,
                                     std::int64_t now) {
  std::map<std::string, const results::Measurement*> measured;
  for (const auto& m : measurements) measured[m.target] = &m;
  std::vector<std::string> lines;
  config.for_each_host([&](const config::TargetNode& node) {
    if (!node.probe || node.probe->name != probe) return;
    results::Measurement lost{node.rel_path(), now, node.pings, {}, std::nullopt};
    auto it = measured.find(lost.target);
    const results::Measurement& m = it != measured.end() ? *it->second : lost;
    std::int64_t time = m.time > 0 ? m.time : now;
    lines.push_back("/" + lost.target + "\t" + std::to_string(time) + "\t" +
                    results::update_string(m));
  });
  return lines;
}

SlaveSink::SlaveSink(uplink::Spool& spool, std::function<void()> round_spooled,
                     std::shared_ptr<spdlog::logger> log)
    : spool_(spool), round_spooled_(std::move(round_spooled)), log_(std::move(log)) {}

void SlaveSink::round_done(const config::Config& config, const std::string& probe,
                           std::vector<results::Measurement> measurements) {
  std::int64_t now = epoch_now();
  std::int64_t time = now;
  for (const auto& m : measurements) time = std::max(time, m.time);
  std::vector<std::string> lines = round_lines(config, probe, measurements, time);
  if (lines.empty()) return;
  try {
    spool_.add(lines, time, now);
  } catch (const std::exception& e) {
    // Without the spool the round cannot outlive a failed post; say what is lost.
    log_->error("cannot spool a round, its results are lost probe={} lines={} error={}", probe,
                lines.size(), e.what());
    return;
  }
  round_spooled_();
}

}  // namespace smokeping::daemon
