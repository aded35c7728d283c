// The alert state of one target kept on disk next to its RRD (`<rrd path without
// .rrd>.alertstate`), so that a restarted daemon neither forgets a pending alert nor repeats an
// edge it already sent. Written to a temporary file, synced and renamed over the old one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "smokeping/alerts/history.hpp"

namespace smokeping::alerts {

struct SourceState {
  History history = History::fresh();
  std::map<std::string, long> prevmatch;  // by alert name
  std::int64_t last_time = 0;             // time of the last row seen
  bool operator==(const SourceState&) const = default;
};

struct NodeState {
  std::map<std::string, SourceState> sources;  // "" the master, else the slave's name
  bool operator==(const NodeState&) const = default;
};

std::string state_file_path(const std::string& datadir, const std::string& rel_path);

// Throws std::system_error when the file cannot be written.
void save_state(const std::string& path, const NodeState& state);

// The state in `path`; nullopt when the file is missing or not a state file of ours (a damaged
// file is ignored: the alerts start afresh, as the original always does).
std::optional<NodeState> load_state(const std::string& path);

}  // namespace smokeping::alerts
