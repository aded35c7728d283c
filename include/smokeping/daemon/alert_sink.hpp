// The master's alerts: every row a target gets (its own and each slave's) goes through the
// target's alerts after it was written; the notifications leave on the notifier's thread.
#pragma once

#include <memory>
#include <span>

#include "smokeping/alerts/engine.hpp"
#include "smokeping/alerts/notifier.hpp"
#include "smokeping/config/model.hpp"
#include "smokeping/daemon/target_updates.hpp"

namespace smokeping::daemon {

class AlertSink {
 public:
  explicit AlertSink(std::shared_ptr<spdlog::logger> log, alerts::NotifierOptions options = {});

  // Checks `node`'s alerts against its rows of this round (time order) and queues what fires.
  void rows(const config::Config& config, const config::TargetNode& node,
            std::span<const TargetUpdate> rows);

  // Waits until every queued notification was handled.
  void drain() { notifier_.drain(); }

 private:
  std::shared_ptr<spdlog::logger> log_;
  alerts::Engine engine_;
  alerts::Notifier notifier_;
};

}  // namespace smokeping::daemon
