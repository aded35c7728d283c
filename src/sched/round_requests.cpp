#include "smokeping/sched/round_requests.hpp"

#include <algorithm>

namespace smokeping::sched {

namespace {

bool polled_by_master(const config::TargetNode& node, const TargetFilter& filter) {
  // DYNAMIC hosts get their address from the CGI; that path arrives with the web issue.
  return node.kind == config::TargetNode::Kind::host && node.probe && !node.nomasterpoll &&
         filter.admits(node.rel_path());
}

// The probe's rounds also bring in the slaves' data of its targets (master-slave.md §6.2), so
// a probe whose targets are all `nomasterpoll` still needs its rounds.
bool merged_by_master(const config::TargetNode& node, const TargetFilter& filter) {
  return node.kind == config::TargetNode::Kind::host && node.probe && !node.slaves.empty() &&
         filter.admits(node.rel_path());
}

}  // namespace

std::vector<probes::PingRequest> master_requests(const config::Config& config,
                                                 const std::string& probe,
                                                 const TargetFilter& filter) {
  std::vector<probes::PingRequest> requests;
  config.for_each_host([&](const config::TargetNode& node) {
    if (!polled_by_master(node, filter) || node.probe->name != probe) return;
    requests.push_back(
        probes::PingRequest{node.rel_path(), node.host, node.pings, &node.probe_vars});
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
