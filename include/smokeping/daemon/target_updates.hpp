// The rows one target gets after a round of its probe (master-slave.md §6.2): the master's own
// measurement and what each of the target's slaves posted since the last round, in time order.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/protocol/slave_cache.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::daemon {

struct TargetUpdate {
  std::string slave;  // "" for the master's own row
  std::int64_t time = 0;
  std::string values;  // "uptime:loss:median:ping1:...:pingN"
  bool operator==(const TargetUpdate&) const = default;
};

// Reads and removes one `.slave_cache` file (protocol::take_slave_cache in the daemon).
using CacheTaker = std::function<protocol::CacheTake(const std::string& file)>;

// The master's row (if it polled the target) and the rows of every slave in `node.slaves`,
// taken from their cache files under `cache_dir`, sorted by time; rows of equal time keep the
// master first, then the slaves in `slaves` order (the original's sort is stable too). Files
// of slaves not listed are never touched. An entry whose time is not a decimal integer is
// logged and dropped; a corrupt file is logged (take_slave_cache quarantined it).
std::vector<TargetUpdate> target_updates(const config::TargetNode& node,
                                         std::optional<TargetUpdate> master_row,
                                         const std::string& cache_dir, const CacheTaker& take,
                                         spdlog::logger& log);

}  // namespace smokeping::daemon
