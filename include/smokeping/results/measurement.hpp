// What one round of probing found for one target: the vocabulary probes produce and the
// store, the uplink and the alerts consume.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smokeping::results {

using Rtt = std::chrono::nanoseconds;

struct Measurement {
  std::string target;     // the node's path below datadir, e.g. "Local/LocalMachine"
  std::int64_t time = 0;  // epoch seconds of the update (when the round finished)
  int pings = 0;          // echo requests sent (N of ping1..pingN)
  std::vector<Rtt> rtts;  // one per answer, in any order; rtts.size() <= pings
  // Seconds since a DYNAMIC host last reported its address; nullopt (U) for other hosts.
  std::optional<std::int64_t> uptime;
  bool operator==(const Measurement&) const = default;
};

// The columns of an RRD row, derived the way the original's probes derive them
// (web-and-rrd.md §1.5): replies sorted, the median is the upper middle one, and the lost
// pings are split as U's before and after the replies.
struct RoundStats {
  int loss = 0;
  std::optional<Rtt> median;
  std::vector<std::optional<Rtt>> slots;  // ping1..pingN
  bool operator==(const RoundStats&) const = default;
};

RoundStats round_stats(const Measurement& m);

// "uptime:loss:median:ping1:...:pingN" with times in seconds, e.g.
// "U:1:3.0000000000e-04:1.0000000000e-04:...:U".
std::string update_string(const Measurement& m);

}  // namespace smokeping::results
