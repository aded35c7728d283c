// Which targets a probe measures in a round, read from one config snapshot.
#pragma once

#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/probes/probe.hpp"
#include "smokeping/sched/filter.hpp"

namespace smokeping::sched {

// The master's requests for probe `probe`: host nodes using it, not `nomasterpoll`, admitted
// by the filter, in tree order. The requests point into `config`, which must outlive them.
std::vector<probes::PingRequest> master_requests(const config::Config& config,
                                                 const std::string& probe,
                                                 const TargetFilter& filter);

// Names of the probe instances the master must run for `config`: those with targets to poll
// or with slave data to merge.
std::vector<std::string> probes_in_use(const config::Config& config, const TargetFilter& filter);

}  // namespace smokeping::sched
