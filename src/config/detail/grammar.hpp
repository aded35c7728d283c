// The grammar as data: what each section allows, in the shape of the original's
// Config::Grammar trees (config.md §2). The generic rules live in engine.cpp; what changes
// with the config's own values (probes, target nodes) lives in the hooks.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/raw_tree.hpp"
#include "smokeping/config/value_check.hpp"

namespace smokeping::config::detail {

// A name in a grammar is either literal or a pattern written "/re/" that must match whole.
bool is_name_pattern(std::string_view name);
bool name_matches(std::string_view grammar_name, std::string_view name);

struct VarRule {
  std::string name;
  std::string re;        // value pattern, applied as "^" + re + "$"; empty: none
  std::string re_error;  // empty: "syntax error in value of 'KEY'"
  CheckFn check = nullptr;
  std::optional<std::string> default_value;
};

struct CellRule {
  std::string re;
  std::string re_error;  // reported as "column K: TEXT"
  CheckFn check = nullptr;
};

struct TableRule {
  int columns = 0;
  std::vector<CellRule> cells;  // by column; may be shorter than `columns`
};

struct SectionRule;
using RulePtr = std::shared_ptr<const SectionRule>;
class SectionHooks;

struct SubsectionRule {
  std::string name;  // literal or "/re/"
  RulePtr rule;      // null when the parent's hooks decide the child's rule
};

struct SectionRule {
  bool vars_allowed = false;
  std::vector<VarRule> vars;
  bool sections_allowed = false;
  std::vector<SubsectionRule> sections;
  std::vector<std::string> inherited;  // variables copied from the parent on opening
  std::vector<std::string> mandatory;  // variables or subsections, checked in this order
  std::optional<TableRule> table;
  bool ordered = false;        // children get their ordinal among siblings
  bool track_varlist = false;  // remember which variables were set, in order
  SectionHooks* hooks = nullptr;

  // Literal names first, then patterns, as the original searches.
  const VarRule* find_var(std::string_view key) const;
  const SubsectionRule* find_section(std::string_view name) const;
};

// One open section while parsing.
struct Frame {
  RawSection* section = nullptr;
  RulePtr rule;
  std::vector<std::string> mandatory;  // starts as rule->mandatory; hooks may change it
  std::vector<std::string> varlist;    // variables set here, in order
  int child_count = 0;                 // for ordinals of ordered children
  // Hook state. Targets: the probe in effect. Probes: the probe this section defines.
  std::string probe;
};

// The dynamic part of the grammar (the original's `_dyn` subs).
class SectionHooks {
 public:
  virtual ~SectionHooks() = default;
  // The rule of a new child `name` of `parent`, matched by `sub`. Throws ConfigError.
  virtual RulePtr child_rule(Frame& parent, const SubsectionRule& sub, std::string_view name,
                             const core::SourceLoc& loc) {
    (void)parent, (void)name, (void)loc;
    return sub.rule;
  }
  // Called on the child's hooks once it is open and has inherited its values.
  virtual void opened(Frame& child, Frame& parent, const core::SourceLoc& loc) {
    (void)child, (void)parent, (void)loc;
  }
  // A check that needs the parse state; returns the error message.
  virtual std::optional<std::string> check_variable(Frame& frame, std::string_view key,
                                                    std::string_view value) {
    (void)frame, (void)key, (void)value;
    return std::nullopt;
  }
  // Called after a check passed and before the value is stored.
  virtual void variable_set(Frame& frame, std::string_view key, std::string_view value) {
    (void)frame, (void)key, (void)value;
  }
};

}  // namespace smokeping::config::detail
