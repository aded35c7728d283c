// The rows one target gets after a round of its probe (master-slave.md §6.2): the master's own
// measurement and what each of the target's slaves posted since the last round, in time order.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
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
  // From a take the daemon never confirmed (it died before storing them): the RRD may
  // already have it.
  bool replayed = false;
  bool operator==(const TargetUpdate&) const = default;
};

// The directories below dyndir whose slave cache files the daemon may not take (its user lacks
// write permission there): each is logged once, saying what it needs, instead of one error per
// file and round; and once more when it works again. Shared by the probes' rounds.
class DeniedDirs {
 public:
  bool first_denial(const std::string& dir);   // true the first time `dir` is denied
  bool allowed_again(const std::string& dir);  // true when `dir` had been denied
 private:
  std::mutex mutex_;
  std::set<std::string> dirs_;
};

// Reads one `.slave_cache` file and sets its entries aside until they are confirmed
// (protocol::begin_slave_cache_take in the daemon).
using CacheTaker = std::function<protocol::CacheTake(const std::string& file)>;

// The master's row (if it polled the target) and the rows of every slave in `node.slaves`,
// taken from their cache files under `cache_dir`, sorted by time; rows of equal time keep the
// master first, then the slaves in `slaves` order (the original's sort is stable too). Files
// of slaves not listed are never touched. An entry whose time is not a decimal integer is
// logged and dropped; a corrupt file is logged (the take quarantined it). Every file taken
// goes to `taken` (when given), to be confirmed once its rows are stored. A take refused by the
// directory's permissions is logged through `denied` (when given) once per directory.
std::vector<TargetUpdate> target_updates(const config::TargetNode& node,
                                         std::optional<TargetUpdate> master_row,
                                         const std::string& cache_dir, const CacheTaker& take,
                                         spdlog::logger& log,
                                         std::vector<std::string>* taken = nullptr,
                                         DeniedDirs* denied = nullptr);

}  // namespace smokeping::daemon
