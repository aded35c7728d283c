#include "src/config/detail/smokeping_grammar.hpp"

#include "src/config/detail/probes_hooks.hpp"

namespace smokeping::config::detail {

SmokepingGrammar::SmokepingGrammar()
    : probes_section_hooks_(
          std::make_unique<ProbesHooks>(*this, ProbesHooks::Kind::probes_section)),
      module_hooks_(std::make_unique<ProbesHooks>(*this, ProbesHooks::Kind::module)),
      instance_hooks_(std::make_unique<ProbesHooks>(*this, ProbesHooks::Kind::instance)),
      targets_top_hooks_(std::make_unique<TargetsHooks>(*this, TargetsHooks::Kind::top)),
      node_hooks_(std::make_unique<TargetsHooks>(*this, TargetsHooks::Kind::node)) {
  SectionRule probes;
  probes.sections_allowed = true;
  probes.sections = {{"/[-_0-9a-zA-Z]+/", nullptr}};
  probes.hooks = probes_section_hooks_.get();

  SectionRule root;
  root.sections_allowed = true;
  root.sections = {{"General", general_rule()},
                   {"Database", database_rule()},
                   {"Presentation", presentation_rule()},
                   {"Probes", std::make_shared<const SectionRule>(std::move(probes))},
                   {"Targets", targets_rule("")},
                   {"Alerts", alerts_rule()},
                   {"Slaves", slaves_rule()},
                   {"InfluxDB", influxdb_rule()}};
  root.mandatory = {"General", "Database", "Presentation", "Probes", "Targets"};
  root_ = std::make_shared<const SectionRule>(std::move(root));
}

SmokepingGrammar::~SmokepingGrammar() = default;

}  // namespace smokeping::config::detail
