// The Probes section: each `+ MODULE` takes its variables from the probe catalog, each
// `++ INSTANCE` turns its module section into a template (config.md §3.4).
#include <fmt/format.h>

#include <algorithm>

#include "smokeping/config/config_error.hpp"
#include "src/config/detail/probes_hooks.hpp"
#include "src/config/detail/smokeping_grammar.hpp"

namespace smokeping::config::detail {

namespace {

void remove_item(std::vector<std::string>& list, std::string_view item) {
  list.erase(std::remove(list.begin(), list.end(), item), list.end());
}

}  // namespace

std::vector<const ProbeVarSpec*> effective_vars(const ProbeModuleSpec& module) {
  // A name that is both a probe and a target variable counts as a target variable (§4.1).
  std::vector<const ProbeVarSpec*> out;
  for (const auto& v : module.vars) {
    if (v.kind == ProbeVarKind::probe) {
      bool also_target = std::any_of(module.vars.begin(), module.vars.end(), [&](const auto& t) {
        return t.kind == ProbeVarKind::target && t.name == v.name;
      });
      if (also_target) continue;
    }
    out.push_back(&v);
  }
  return out;
}

VarRule to_var_rule(const ProbeVarSpec& spec, bool with_default) {
  VarRule rule{std::string(spec.name), std::string(spec.re), std::string(spec.re_error), spec.check,
               std::nullopt};
  if (with_default && spec.default_value) rule.default_value = std::string(*spec.default_value);
  return rule;
}

RulePtr ProbesHooks::child_rule(Frame& parent, const SubsectionRule& sub, std::string_view name,
                                const core::SourceLoc& loc) {
  if (kind_ != Kind::probes_section) return sub.rule;
  (void)parent;
  const ProbeModuleSpec* module = find_probe_module(name);
  if (!module) throw ConfigError(loc, fmt::format("unknown probe module '{}'", name));
  return grammar_.module_rule(*module);
}

void ProbesHooks::opened(Frame& child, Frame& parent, const core::SourceLoc& loc) {
  (void)loc;
  const std::string& name = child.section->name();
  if (kind_ == Kind::module) {
    const ProbeModuleSpec* module = find_probe_module(name);
    KnownProbe known{module, true, {}};
    for (auto name : module->target_mandatory) known.target_mandatory.emplace_back(name);
    grammar_.modules_[name] = known;
    grammar_.known_[name] = std::move(known);
  } else if (kind_ == Kind::instance) {
    // The module section becomes a template: no longer a probe, no mandatory items of its own.
    parent.mandatory.clear();
    auto it = grammar_.known_.find(parent.probe);
    if (it != grammar_.known_.end() && it->second.is_template) grammar_.known_.erase(it);
    const KnownProbe& module = grammar_.modules_.at(parent.probe);
    grammar_.known_[name] = KnownProbe{module.module, false, module.target_mandatory};
  }
  child.probe = name;
}

void ProbesHooks::variable_set(Frame& frame, std::string_view key, std::string_view value) {
  (void)value;
  // A mandatory target variable given here need not be repeated in the targets.
  if (kind_ == Kind::module) remove_item(grammar_.modules_.at(frame.probe).target_mandatory, key);
  if (kind_ == Kind::probes_section) return;
  auto it = grammar_.known_.find(frame.probe);
  if (it != grammar_.known_.end() && it->second.is_template == (kind_ == Kind::module)) {
    remove_item(it->second.target_mandatory, key);
  }
}

RulePtr SmokepingGrammar::module_rule(const ProbeModuleSpec& module) {
  auto& cached = module_rules_[&module];
  if (cached) return cached;
  SectionRule r;
  r.vars_allowed = true;
  for (const ProbeVarSpec* v : effective_vars(module)) r.vars.push_back(to_var_rule(*v, true));
  for (auto name : module.probe_mandatory) r.mandatory.emplace_back(name);
  r.sections_allowed = true;
  r.sections = {{"/[-_0-9a-zA-Z]+/", instance_rule(module)}};
  r.hooks = module_hooks_.get();
  cached = std::make_shared<const SectionRule>(std::move(r));
  return cached;
}

RulePtr SmokepingGrammar::instance_rule(const ProbeModuleSpec& module) {
  auto& cached = instance_rules_[&module];
  if (cached) return cached;
  SectionRule r;
  r.vars_allowed = true;
  for (const ProbeVarSpec* v : effective_vars(module)) {
    r.vars.push_back(to_var_rule(*v, true));
    if (!is_name_pattern(v->name)) r.inherited.emplace_back(v->name);
  }
  for (auto name : module.probe_mandatory) r.mandatory.emplace_back(name);
  r.hooks = instance_hooks_.get();
  cached = std::make_shared<const SectionRule>(std::move(r));
  return cached;
}

}  // namespace smokeping::config::detail
