// What the original checks after parsing, when it loads a config (config.md §6.9), with the
// file and line the original leaves out.
#include <fmt/format.h>

#include "smokeping/config/config_error.hpp"
#include "src/config/detail/build_model.hpp"

namespace smokeping::config::detail {

namespace {

core::SourceLoc loc_of(const RawSection* section, std::string_view key) {
  if (!section) return {};
  const RawValue* v = section->find(key);
  return v ? v->loc : section->loc();
}

const RawSection* raw_node(const RawSection& targets, const std::vector<std::string>& path) {
  const RawSection* s = &targets;
  for (const auto& name : path) {
    s = s ? s->child(name) : nullptr;
  }
  return s;
}

class TreeChecker {
 public:
  TreeChecker(const Config& config, const RawSection& raw_targets)
      : config_(config), raw_targets_(raw_targets) {}

  void check(const TargetNode& node) {
    const RawSection* raw = raw_node(raw_targets_, node.path);
    std::string data_path = config_.general.datadir;
    if (!node.path.empty()) data_path.append("/").append(node.rel_path());
    const std::string* alerts_text = raw ? raw->get("alerts") : nullptr;
    if (alerts_text && !alerts_text->empty() && *alerts_text != "0") {
      if (!config_.alerts) throw ConfigError(loc_of(raw, "alerts"), "ERROR: no Alerts section");
      for (const auto& name : node.alerts) {
        if (!config_.alerts->find(name)) {
          throw ConfigError(loc_of(raw, "alerts"),
                            fmt::format("ERROR: alert {} ({}) is not defined", name, data_path));
        }
      }
    }
    if (node.kind == TargetNode::Kind::host || node.kind == TargetNode::Kind::dynamic) {
      for (const auto& slave : node.slaves) {
        if (!config_.slaves || !config_.slaves->find(slave)) {
          throw ConfigError(
              loc_of(raw, "slaves"),
              fmt::format("ERROR: slave '{}' is not defined in the '*** Slaves ***' section!",
                          slave));
        }
      }
    }
    for (const auto& child : node.children) {
      for (const auto& [hierarchy, path] : child.parents) {
        (void)path;
        bool known = false;
        for (const auto& h : config_.presentation.hierarchies) known = known || h.name == hierarchy;
        if (!known) {
          throw ConfigError(
              loc_of(raw_node(raw_targets_, child.path), "parents"),
              fmt::format("ERROR: unknown hierarchy {} in {}. Make sure it is listed in "
                          "Presentation->hierarchies.",
                          hierarchy, data_path));
        }
      }
      check(child);
    }
  }

 private:
  const Config& config_;
  const RawSection& raw_targets_;
};

}  // namespace

void run_load_checks(Config& config) {
  const RawSection& raw = *config.raw;
  if (config.presentation.charts) {
    const RawSection* charts = raw.child("Presentation")->child("charts");
    for (auto& chart : config.presentation.charts->charts) {
      try {
        chart.sorter = parse_sorter(chart.sorter.name);
      } catch (const AlertSyntaxError& e) {
        throw ConfigError(loc_of(charts->child(chart.name), "sorter"), e.what());
      }
    }
  }
  if (config.alerts) {
    const RawSection* alerts = raw.child("Alerts");
    for (auto& alert : config.alerts->alerts) {
      try {
        if (alert.type == AlertType::matcher) {
          alert.matcher = parse_matcher(alert.name, alert.pattern);
        } else {
          alert.classic = parse_classic_pattern(alert.name, alert.type, alert.pattern);
        }
      } catch (const AlertSyntaxError& e) {
        throw ConfigError(loc_of(alerts->child(alert.name), "pattern"), e.what());
      }
    }
  }
  if (const RawSection* targets = raw.child("Targets")) {
    TreeChecker(config, *targets).check(config.targets);
  }
}

}  // namespace smokeping::config::detail
