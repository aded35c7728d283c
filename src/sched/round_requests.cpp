#include "smokeping/sched/round_requests.hpp"

#include <algorithm>
#include <optional>

#include "smokeping/sched/dynamic_hosts.hpp"

namespace smokeping::sched {

namespace {

bool probed_host(const config::TargetNode& node) {
  return node.kind == config::TargetNode::Kind::host ||
         node.kind == config::TargetNode::Kind::dynamic;
}

bool polled_by_master(const config::TargetNode& node, const TargetFilter& filter) {
  return probed_host(node) && node.probe && !node.nomasterpoll && filter.admits(node.rel_path());
}

// The probe's rounds also bring in the slaves' data of its targets (master-slave.md §6.2), so
// a probe whose targets are all `nomasterpoll` still needs its rounds.
bool merged_by_master(const config::TargetNode& node, const TargetFilter& filter) {
  return probed_host(node) && node.probe && !node.slaves.empty() && filter.admits(node.rel_path());
}

}  // namespace

std::vector<probes::PingRequest> master_requests(const config::Config& config,
                                                 const std::string& probe,
                                                 const TargetFilter& filter, bool dynamic_hosts) {
  std::vector<probes::PingRequest> requests;
  config.for_each_host([&](const config::TargetNode& node) {
    if (!polled_by_master(node, filter) || node.probe->name != probe) return;
    std::string host = node.host;
    if (node.kind == config::TargetNode::Kind::dynamic) {
      // Probed at the address it last reported; without one, not at all this round (its row
      // then says all pings lost, see complete_dynamic_round).
      if (!dynamic_hosts) return;
      std::optional<std::string> address = reported_address(config.general, node);
      if (!address) return;
      host = std::move(*address);
    }
    requests.push_back(
        probes::PingRequest{node.rel_path(), std::move(host), node.pings, &node.probe_vars});
  });
  return requests;
}

std::vector<std::string> probes_in_use(const config::Config& config, const TargetFilter& filter) {
  std::vector<std::string> names;
  config.for_each_host([&](const config::TargetNode& node) {
    if (!polled_by_master(node, filter) && !merged_by_master(node, filter)) return;
    if (std::find(names.begin(), names.end(), node.probe->name) == names.end()) {
      names.push_back(node.probe->name);
    }
  });
  return names;
}

}  // namespace smokeping::sched
