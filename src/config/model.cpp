#include "smokeping/config/model.hpp"

#include <algorithm>

namespace smokeping::config {

const std::string* ProbeInstance::var(const std::string& key) const {
  auto it = vars.find(key);
  return it == vars.end() ? nullptr : &it->second;
}

const Slave* Slaves::find(const std::string& name) const {
  auto it =
      std::find_if(slaves.begin(), slaves.end(), [&](const Slave& s) { return s.name == name; });
  return it == slaves.end() ? nullptr : &*it;
}

const Alert* Alerts::find(const std::string& name) const {
  auto it =
      std::find_if(alerts.begin(), alerts.end(), [&](const Alert& a) { return a.name == name; });
  return it == alerts.end() ? nullptr : &*it;
}

std::string TargetNode::rel_path() const {
  std::string out;
  for (const auto& part : path) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

const ProbeInstance* Config::find_probe(const std::string& name) const {
  auto it = std::find_if(probes.begin(), probes.end(),
                         [&](const ProbeInstance& p) { return p.name == name; });
  return it == probes.end() ? nullptr : &*it;
}

const TargetNode* Config::find_target(const std::vector<std::string>& path) const {
  const TargetNode* node = &targets;
  for (const auto& name : path) {
    auto it = std::find_if(node->children.begin(), node->children.end(),
                           [&](const TargetNode& c) { return c.name == name; });
    if (it == node->children.end()) return nullptr;
    node = &*it;
  }
  return node;
}

}  // namespace smokeping::config
