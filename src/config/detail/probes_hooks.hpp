// Hooks of the Probes section and of the Targets tree (private to the grammar files).
#pragma once

#include <vector>

#include "src/config/detail/smokeping_grammar.hpp"

namespace smokeping::config::detail {

// The variables a module section accepts: probe and target variables, a name in both
// counting as a target variable.
std::vector<const ProbeVarSpec*> effective_vars(const ProbeModuleSpec& module);
VarRule to_var_rule(const ProbeVarSpec& spec, bool with_default);

class ProbesHooks : public SectionHooks {
 public:
  enum class Kind { probes_section, module, instance };
  ProbesHooks(SmokepingGrammar& grammar, Kind kind) : grammar_(grammar), kind_(kind) {}

  RulePtr child_rule(Frame& parent, const SubsectionRule& sub, std::string_view name,
                     const core::SourceLoc& loc) override;
  void opened(Frame& child, Frame& parent, const core::SourceLoc& loc) override;
  void variable_set(Frame& frame, std::string_view key, std::string_view value) override;

 private:
  SmokepingGrammar& grammar_;
  Kind kind_;
};

class TargetsHooks : public SectionHooks {
 public:
  enum class Kind { top, node };
  TargetsHooks(SmokepingGrammar& grammar, Kind kind) : grammar_(grammar), kind_(kind) {}

  RulePtr child_rule(Frame& parent, const SubsectionRule& sub, std::string_view name,
                     const core::SourceLoc& loc) override;
  std::optional<std::string> check_variable(Frame& frame, std::string_view key,
                                            std::string_view value) override;
  void variable_set(Frame& frame, std::string_view key, std::string_view value) override;

 private:
  SmokepingGrammar& grammar_;
  Kind kind_;
};

}  // namespace smokeping::config::detail
