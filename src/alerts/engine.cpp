#include "smokeping/alerts/engine.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

#include "smokeping/alerts/detect.hpp"
#include "src/alerts/detail/comma_list.hpp"

namespace smokeping::alerts {

namespace {

// A restored history is only continued if the daemon was gone for at most this many steps;
// after a longer pause the data in between is missing and the alerts start afresh with `S`.
constexpr std::int64_t kResumeSteps = 3;

// Matchers that keep their state return the count so far, which the original adds up; the
// count only matters as zero or not, so it stops growing instead of overflowing.
long add_match(long prevmatch, Match match) {
  constexpr long kCap = std::numeric_limits<long>::max() / 4;
  if (match == 0) return 0;
  return prevmatch > kCap - match ? kCap : prevmatch + match;
}

std::string format_series(std::string_view label, const Series& series, bool rtt) {
  std::string out(label);
  bool first = true;
  for (const Value& v : series) {
    if (!first) out += ", ";
    first = false;
    switch (v.kind) {
      case Value::Kind::start:
        out += "S";
        break;
      case Value::Kind::unknown:
        out += "U";
        break;
      case Value::Kind::number:
        out += rtt ? fmt::format("{:.0f}ms", v.number * 1000) : fmt::format("{:.0f}%", v.number);
        break;
      case Value::Kind::text:
        out += v.text;
        break;
    }
  }
  return out;
}

std::string dotted(const std::string& rel_path) {
  std::string out = rel_path;
  std::replace(out.begin(), out.end(), '/', '.');
  return out;
}

// The node's alerts in the order the original checks them: by priority, no priority as 0.
std::vector<const config::Alert*> alerts_in_order(const config::Config& config,
                                                  const config::TargetNode& node) {
  std::vector<const config::Alert*> out;
  if (!config.alerts) return out;
  for (const auto& name : node.alerts) {
    if (const config::Alert* a = config.alerts->find(name)) out.push_back(a);
  }
  std::stable_sort(out.begin(), out.end(), [](const config::Alert* a, const config::Alert* b) {
    return a->priority.value_or(0) < b->priority.value_or(0);
  });
  return out;
}

std::string key_of(const std::string& rel, const std::string& slave) { return rel + '\n' + slave; }

}  // namespace

std::size_t history_needed(const config::Config& config, const config::TargetNode& node) {
  std::size_t needed = 0;
  if (!config.alerts) return 0;
  for (const auto& name : node.alerts) {
    const config::Alert* a = config.alerts->find(name);
    if (!a) continue;
    int length =
        a->type == config::AlertType::matcher ? a->matcher.history_length : a->classic.max_length;
    needed = std::max(needed, static_cast<std::size_t>(std::max(length, 0)));
  }
  return needed;
}

Engine::Engine(std::shared_ptr<spdlog::logger> log, bool persist)
    : log_(std::move(log)), persist_(persist) {}

const SourceState* Engine::state(const std::string& rel_path, const std::string& slave) const {
  std::lock_guard lock(mutex_);
  auto node = nodes_.find(rel_path);
  if (node == nodes_.end()) return nullptr;
  auto source = node->second.sources.find(slave);
  return source == node->second.sources.end() ? nullptr : &source->second;
}

NodeState& Engine::node_state(const config::Config& config, const config::TargetNode& node) {
  std::string rel = node.rel_path();
  auto it = nodes_.find(rel);
  if (it != nodes_.end()) return it->second;
  NodeState state;
  if (persist_) {
    if (auto saved = load_state(state_file_path(config.general.datadir, rel))) {
      state = std::move(*saved);
      for (const auto& [slave, s] : state.sources) restored_.insert(key_of(rel, slave));
    }
  }
  return nodes_.emplace(rel, std::move(state)).first->second;
}

std::vector<Event> Engine::observe(const config::Config& config, const config::TargetNode& node,
                                   std::span<const Observation> rows, std::int64_t now) {
  std::vector<Event> events;
  if (node.alerts.empty() || !config.alerts || rows.empty()) return events;
  std::lock_guard lock(mutex_);
  NodeState& state = node_state(config, node);
  std::string rel = node.rel_path();
  std::size_t keep = history_needed(config, node);
  for (const auto& row : rows) {
    SourceState& source = state.sources[row.slave];
    if (restored_.erase(key_of(rel, row.slave)) &&
        (row.time < source.last_time || row.time - source.last_time > kResumeSteps * node.step)) {
      source = SourceState{};
    }
    source.history.trim(std::max<std::size_t>(keep, 1));
    check_row(config, node, source, row, now, events);
  }
  if (persist_) {
    try {
      save_state(state_file_path(config.general.datadir, rel), state);
    } catch (const std::exception& e) {
      log_->warn("alert state not saved target={} error={}", rel, e.what());
    }
  }
  return events;
}

void Engine::check_row(const config::Config& config, const config::TargetNode& node,
                       SourceState& state, const Observation& row, std::int64_t now,
                       std::vector<Event>& out) {
  state.history.push(row.loss, row.median, node.pings, history_needed(config, node));
  state.last_time = row.time;
  std::string line = dotted(node.rel_path());
  std::string url = config.general.cgiurl + "?target=" + line;
  if (!row.slave.empty()) line += " [from " + row.slave + "]";
  bool priority_done = false;
  auto alerts = alerts_in_order(config, node);
  // Counts of alerts the node no longer has (a reload, or a state file from before) go.
  std::erase_if(state.prevmatch, [&](const auto& entry) {
    return std::none_of(alerts.begin(), alerts.end(),
                        [&](const config::Alert* a) { return a->name == entry.first; });
  });
  for (const config::Alert* alert : alerts) {
    long prevmatch = state.prevmatch[alert->name];
    Match match = match_alert(*alert, state.history, prevmatch);
    std::string what;
    if (alert->edgetrigger && (prevmatch != 0) != (match != 0)) {
      what = prevmatch == 0 ? "was raised" : "was cleared";
    }
    if (!alert->edgetrigger && match != 0) what = "is active";
    state.prevmatch[alert->name] = add_match(prevmatch, match);
    if (what.empty()) {
      log_->debug("alert no match alert={} target={}", alert->name, line);
      continue;
    }
    // Once an alert with a priority fired, the other prioritized ones of the round are quiet.
    if (alert->priority && priority_done) continue;
    if (alert->priority) priority_done = true;

    Event e;
    e.alert = alert->name;
    e.what = what;
    e.edgetrigger = alert->edgetrigger;
    e.line = line;
    e.url = url;
    e.loss = format_series("loss: ", state.history.loss, false);
    e.rtt = format_series("rtt: ", state.history.rtt, true);
    e.host = node.host;
    e.comment = alert->comment;
    e.pattern = alert->pattern;
    e.mailtemplate = alert->mailtemplate;
    e.from = config.alerts->from;
    for (const auto* list : {&config.alerts->to, &node.alertee, &alert->to}) {
      for (auto& r : detail::split_comma_list(*list)) e.recipients.push_back(std::move(r));
    }
    e.time = now;
    std::string ratio =
        (row.loss == "U" ? std::string() : row.loss) + "/" + std::to_string(node.pings);
    log_->info("Alert {} {} for {} {}({})  {} prevmatch: {} comment: {}", e.alert, e.what, e.line,
               e.loss, ratio, e.rtt, prevmatch, e.comment);
    out.push_back(std::move(e));
  }
}

}  // namespace smokeping::alerts
