#include "smokeping/results/measurement.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace smokeping::results {

RoundStats round_stats(const Measurement& m) {
  RoundStats stats;
  std::vector<Rtt> replies = m.rtts;
  if (static_cast<int>(replies.size()) > m.pings) replies.resize(static_cast<size_t>(m.pings));
  std::sort(replies.begin(), replies.end());
  stats.loss = m.pings - static_cast<int>(replies.size());
  stats.slots.assign(static_cast<size_t>(m.pings), std::nullopt);
  if (replies.empty()) return stats;
  // The upper of the two middle values for an even count, as the original.
  stats.median = replies[replies.size() / 2];
  size_t first = static_cast<size_t>(stats.loss / 2);
  for (size_t i = 0; i < replies.size(); ++i) stats.slots[first + i] = replies[i];
  return stats;
}

namespace {

void append_seconds(std::string& out, const std::optional<Rtt>& rtt) {
  if (!rtt) {
    out += 'U';
    return;
  }
  fmt::format_to(std::back_inserter(out), "{:.10e}", std::chrono::duration<double>(*rtt).count());
}

}  // namespace

std::string update_string(const Measurement& m) {
  RoundStats stats = round_stats(m);
  std::string out;
  out.reserve(16 * (static_cast<size_t>(m.pings) + 3));
  if (m.uptime && stats.median) {
    fmt::format_to(std::back_inserter(out), "{}", *m.uptime);
  } else {
    out += 'U';
  }
  fmt::format_to(std::back_inserter(out), ":{}:", stats.loss);
  append_seconds(out, stats.median);
  for (const auto& slot : stats.slots) {
    out += ':';
    append_seconds(out, slot);
  }
  return out;
}

}  // namespace smokeping::results
