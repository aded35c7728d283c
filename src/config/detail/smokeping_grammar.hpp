// SmokePing's grammar: the sections of config.md §3 as rule data, and the hooks that make
// the Probes and Targets grammar depend on the probes the config defines (§2.8, §3.4, §6.4).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "smokeping/config/probe_catalog.hpp"
#include "src/config/detail/grammar.hpp"

namespace smokeping::config::detail {

// A probe name that targets may use, as the Probes section declared it so far.
struct KnownProbe {
  const ProbeModuleSpec* module = nullptr;
  bool is_template = false;  // a module section that may still get instances
  // Mandatory target variables still missing for targets using this probe.
  std::vector<std::string> target_mandatory;
};

// Rules for the fixed sections (General, Database, Presentation, Alerts, Slaves, InfluxDB).
RulePtr general_rule();
RulePtr database_rule();
RulePtr presentation_rule();
RulePtr alerts_rule();
RulePtr slaves_rule();
RulePtr influxdb_rule();

// A strftime format the original would accept (it evaluates it inside Perl quotes).
std::optional<std::string> check_strftime(std::string_view value, const CheckEnv& env);

class ProbesHooks;
class TargetsHooks;

class SmokepingGrammar {
 public:
  SmokepingGrammar();
  ~SmokepingGrammar();
  SmokepingGrammar(const SmokepingGrammar&) = delete;
  SmokepingGrammar& operator=(const SmokepingGrammar&) = delete;

  // The level-0 rule; valid as long as this object lives. Use one grammar per parse.
  RulePtr root() const { return root_; }

  const std::map<std::string, KnownProbe>& known_probes() const { return known_; }

 private:
  friend class ProbesHooks;
  friend class TargetsHooks;

  RulePtr module_rule(const ProbeModuleSpec& module);
  RulePtr instance_rule(const ProbeModuleSpec& module);
  RulePtr targets_rule(const std::string& probe);  // `*** Targets ***` with `probe` set
  RulePtr node_rule(const std::string& probe);     // target nodes under that probe

  std::map<std::string, KnownProbe> known_;    // names targets may use as `probe`
  std::map<std::string, KnownProbe> modules_;  // every module section, templates included
  std::unique_ptr<ProbesHooks> probes_section_hooks_, module_hooks_, instance_hooks_;
  std::unique_ptr<TargetsHooks> targets_top_hooks_, node_hooks_;
  std::unordered_map<const ProbeModuleSpec*, RulePtr> module_rules_;
  std::unordered_map<const ProbeModuleSpec*, RulePtr> instance_rules_;
  std::unordered_map<std::string, RulePtr> targets_rules_;
  std::unordered_map<std::string, RulePtr> node_rules_;
  RulePtr root_;
};

}  // namespace smokeping::config::detail
