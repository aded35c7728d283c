// Which targets a probe measures in a round, read from one config snapshot.
#pragma once

#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/probes/probe.hpp"
#include "smokeping/sched/filter.hpp"

namespace smokeping::sched {

// The master's requests for probe `probe`: host nodes using it, not `nomasterpoll`, admitted
// by the filter, in tree order. A DYNAMIC node is probed at the address in its .adr file and
// left out while it has none (dynamic_hosts.hpp), or always when `dynamic_hosts` is false (a
// slave). The requests point into `config`, which must outlive them.
std::vector<probes::PingRequest> master_requests(const config::Config& config,
                                                 const std::string& probe,
                                                 const TargetFilter& filter,
                                                 bool dynamic_hosts = true);

// Names of the probe instances the master must run for `config`: those with targets to poll
// or with slave data to merge.
std::vector<std::string> probes_in_use(const config::Config& config, const TargetFilter& filter);

}  // namespace smokeping::sched
