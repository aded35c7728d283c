// Alert decisions: each target's rows (the master's and each slave's) go through its alerts in
// priority order; edge-triggered alerts fire when their match state changes, the others in
// every round they match; once an alert with a priority fired, further prioritized alerts of
// that round stay silent (the original's rule). The history of every target and source lives
// here, and is saved next to the target's RRD so a restart carries on where it stopped.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "smokeping/alerts/event.hpp"
#include "smokeping/alerts/history.hpp"
#include "smokeping/alerts/state_file.hpp"
#include "smokeping/config/model.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::alerts {

// One RRD row of a target: the loss and median fields of its update string.
struct Observation {
  std::string slave;  // "" for the master's own measurement
  std::int64_t time = 0;
  std::string loss;    // lost pings, or "U"
  std::string median;  // seconds, or "U"
};

// The history a node's alerts need: the longest of their patterns (0 without alerts).
std::size_t history_needed(const config::Config& config, const config::TargetNode& node);

class Engine {
 public:
  // `persist`: keep each node's state in `<datadir>/<path>.alertstate`.
  Engine(std::shared_ptr<spdlog::logger> log, bool persist);

  // Runs `rows` (in time order) of `node` through its alerts; returns what is to be sent.
  // Thread-safe: rounds of different probes may call it at the same time.
  std::vector<Event> observe(const config::Config& config, const config::TargetNode& node,
                             std::span<const Observation> rows, std::int64_t now);

  // The state held for a node and source (for tests); nullptr when none.
  const SourceState* state(const std::string& rel_path, const std::string& slave) const;

 private:
  NodeState& node_state(const config::Config& config, const config::TargetNode& node);
  void check_row(const config::Config& config, const config::TargetNode& node, SourceState& state,
                 const Observation& row, std::int64_t now, std::vector<Event>& out);

  std::shared_ptr<spdlog::logger> log_;
  bool persist_;
  mutable std::mutex mutex_;
  std::map<std::string, NodeState> nodes_;  // by rel_path
  // Sources read from a state file whose first row decides whether they can be continued.
  std::set<std::string> restored_;
};

}  // namespace smokeping::alerts
