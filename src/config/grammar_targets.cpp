// The Targets tree: the variables of a node depend on the probe in effect, which a node may
// switch; `host` makes the probe's mandatory target variables mandatory (config.md §3.7, §6.4).
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "smokeping/config/config_error.hpp"
#include "src/config/detail/probes_hooks.hpp"
#include "src/config/detail/smokeping_grammar.hpp"

namespace smokeping::config::detail {

namespace {

constexpr const char* kNodeName = "/[-_0-9a-zA-Z]+/";
constexpr std::array<std::string_view, 6> kNodeInherited = {"probe",  "alerts",    "alertee",
                                                            "slaves", "menuextra", "nomasterpoll"};

VarRule plain(std::string name) { return VarRule{std::move(name), "", "", nullptr, std::nullopt}; }
VarRule checked(std::string name, std::string re, std::string error,
                std::optional<std::string> def = std::nullopt) {
  return VarRule{std::move(name), std::move(re), std::move(error), nullptr, std::move(def)};
}

// The variables every node has, whatever its probe (the original's TARGETCOMMON).
std::vector<VarRule> node_common_vars() {
  const std::string key = "[-_0-9a-zA-Z]+";
  const std::string item = "(?:\\|.+|.+@\\S+|snpp:.+|xmpp:.+)";
  return {
      plain("probe"),
      plain("menu"),
      plain("title"),
      checked("alerts", "([^\\s,]+(,[^\\s,]+)*)?", "Comma separated list of alert names"),
      plain("note"),
      checked("email", ".+\\s<\\S+@\\S+>",
              "use an email address of the form 'First Last <em@ail.kg>'"),
      plain("host"),  // the original only warns about names that do not resolve; we never resolve
      plain("remark"),
      VarRule{"rawlog", "", "", check_strftime, std::nullopt},
      checked("alertee", "^" + item + "(?:\\s*,\\s*" + item + ")*$",
              "the alertee must be an email address here"),
      checked("slaves", "([-_0-9a-zA-Z.]+(?:\\s+[-_0-9a-zA-Z.]+)*)?",
              "Use the format: slaves=[-_0-9a-zA-Z.]+ [slave2]"),
      plain("menuextra"),
      // 2.7.3's spelling of the message; 2.9.0 corrected it to "hierarchy".
      checked("parents",
              key + ":/(?:" + key + "(?:/" + key + ")*)?(?: " + key + ":/(?:" + key + "(?:/" + key +
                  ")*)?)*",
              "Use hierarcy:/parent/path syntax"),
      checked("hide", "(yes|no)", "", "no"),
      checked("nomasterpoll", "(yes|no)", "", "no"),
  };
}

bool is_common_var(std::string_view key) {
  static const std::vector<VarRule> common = node_common_vars();
  return std::any_of(common.begin(), common.end(), [&](const VarRule& v) { return v.name == key; });
}

// A node's rule with the target variables of `module` added (their defaults stay in Probes).
void add_target_vars(SectionRule& r, const ProbeModuleSpec* module) {
  if (!module) return;
  for (const ProbeVarSpec* v : effective_vars(*module)) {
    if (v->kind != ProbeVarKind::target) continue;
    // A target variable named like a common one (TraceroutePing's `host`) replaces it.
    auto same = std::find_if(r.vars.begin(), r.vars.end(),
                             [&](const VarRule& existing) { return existing.name == v->name; });
    if (same != r.vars.end()) {
      *same = to_var_rule(*v, false);
    } else {
      r.vars.push_back(to_var_rule(*v, false));
    }
    if (!is_name_pattern(v->name)) r.inherited.emplace_back(v->name);
  }
}

}  // namespace

RulePtr SmokepingGrammar::node_rule(const std::string& probe) {
  auto& cached = node_rules_[probe];
  if (cached) return cached;
  SectionRule r;
  r.vars_allowed = true;
  r.vars = node_common_vars();
  r.inherited.assign(kNodeInherited.begin(), kNodeInherited.end());
  auto known = known_.find(probe);
  add_target_vars(r, known == known_.end() ? nullptr : known->second.module);
  r.sections_allowed = true;
  r.sections = {{kNodeName, nullptr}};
  r.ordered = true;
  r.track_varlist = true;
  r.hooks = node_hooks_.get();
  cached = std::make_shared<const SectionRule>(std::move(r));
  return cached;
}

RulePtr SmokepingGrammar::targets_rule(const std::string& probe) {
  auto& cached = targets_rules_[probe];
  if (cached) return cached;
  SectionRule r;
  r.vars_allowed = true;
  for (const char* name :
       {"probe", "menu", "title", "remark", "alerts", "slaves", "menuextra", "parents"}) {
    r.vars.push_back(plain(name));  // no checks at this level, as in the original
  }
  auto known = known_.find(probe);
  add_target_vars(r, known == known_.end() ? nullptr : known->second.module);
  r.inherited.clear();
  r.mandatory = {"probe", "menu", "title"};
  r.sections_allowed = true;
  r.sections = {{kNodeName, nullptr}};
  r.hooks = targets_top_hooks_.get();
  cached = std::make_shared<const SectionRule>(std::move(r));
  return cached;
}

RulePtr TargetsHooks::child_rule(Frame& parent, const SubsectionRule& sub, std::string_view name,
                                 const core::SourceLoc& loc) {
  (void)sub;
  if (name == "PROBE_CONF") {
    throw ConfigError(loc,
                      "PROBE_CONF sections are neither needed nor supported any longer. Please see "
                      "the smokeping_upgrade document.");
  }
  RulePtr rule = grammar_.node_rule(parent.probe);
  // The original accepts `+ host` and then breaks when it reads the node; say so here. A name
  // already in use gets the engine's own message.
  bool taken = parent.section->find(name) || parent.section->child(name);
  if (!taken && rule->find_var(name)) {
    throw ConfigError(loc, fmt::format("a target section cannot be called '{}': that is the name "
                                       "of a variable",
                                       name));
  }
  return rule;
}

std::optional<std::string> TargetsHooks::check_variable(Frame& frame, std::string_view key,
                                                        std::string_view value) {
  if (key != "probe") return std::nullopt;
  if (!grammar_.known_.contains(std::string(value))) {
    return fmt::format("probe {} missing from the Probes section", value);
  }
  if (kind_ == Kind::node) {
    for (const auto& set : frame.varlist) {
      if (set == "host" || !is_common_var(set)) {
        return "probe must be defined before the host or any probe variables";
      }
    }
  }
  return std::nullopt;
}

void TargetsHooks::variable_set(Frame& frame, std::string_view key, std::string_view value) {
  if (key == "probe") {
    frame.probe = std::string(value);
    frame.rule =
        kind_ == Kind::top ? grammar_.targets_rule(frame.probe) : grammar_.node_rule(frame.probe);
  } else if (key == "host" && kind_ == Kind::node) {
    auto known = grammar_.known_.find(frame.probe);
    if (known != grammar_.known_.end()) frame.mandatory = known->second.target_mandatory;
  }
}

}  // namespace smokeping::config::detail
