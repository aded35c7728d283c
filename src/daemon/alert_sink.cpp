#include "smokeping/daemon/alert_sink.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace smokeping::daemon {

namespace {

// The loss and median fields of "uptime:loss:median:ping1:...".
bool split_update(const std::string& values, std::string& loss, std::string& median) {
  std::size_t first = values.find(':');
  if (first == std::string::npos) return false;
  std::size_t second = values.find(':', first + 1);
  if (second == std::string::npos) return false;
  std::size_t third = values.find(':', second + 1);
  loss = values.substr(first + 1, second - first - 1);
  median = values.substr(second + 1, third == std::string::npos ? third : third - second - 1);
  return true;
}

}  // namespace

AlertSink::AlertSink(std::shared_ptr<spdlog::logger> log, alerts::NotifierOptions options)
    : log_(log), engine_(log, true), notifier_(log, options) {}

void AlertSink::rows(const config::Config& config, const config::TargetNode& node,
                     std::span<const TargetUpdate> rows) {
  if (node.alerts.empty() || !config.alerts) return;
  std::vector<alerts::Observation> observations;
  for (const auto& row : rows) {
    alerts::Observation o{row.slave, row.time, {}, {}};
    if (!split_update(row.values, o.loss, o.median)) {
      log_->warn("alert check skipped, malformed update target={} slave={}", node.rel_path(),
                 row.slave);
      continue;
    }
    observations.push_back(std::move(o));
  }
  std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  alerts::MailSettings mail = alerts::MailSettings::from(config.general);
  for (auto& event : engine_.observe(config, node, observations, now)) {
    notifier_.send(std::move(event), mail);
  }
}

}  // namespace smokeping::daemon
