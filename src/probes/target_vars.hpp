// One target's variables of a fork-style probe: the node's values (inherited along the tree),
// then the probe section's, then the module's defaults. Private to src/probes.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "smokeping/config/model.hpp"
#include "smokeping/probes/probe.hpp"

namespace smokeping::probes {

class TargetVars {
 public:
  TargetVars(const PingRequest& request, const config::ProbeInstance& instance)
      : node_(request.vars), probe_(&instance.vars) {}
  explicit TargetVars(const std::map<std::string, std::string>& probe_vars)
      : node_(nullptr), probe_(&probe_vars) {}

  // nullptr when neither the node nor the probe section set it.
  const std::string* get(const std::string& name) const;
  std::string text(const std::string& name, const std::string& fallback = {}) const;
  // Perl's truth, as the original's `if ($vars{x})`: set, not empty and not "0".
  bool perl_true(const std::string& name) const;
  // The EchoPing modules' flags: set, and neither "no" nor "0".
  bool flag(const std::string& name) const;
  bool yes(const std::string& name) const { return text(name) == "yes"; }
  // A non-negative decimal number of seconds ("5", "0.5"); nullopt when unset or not a number.
  std::optional<std::chrono::microseconds> seconds(const std::string& name) const;
  // A whole number within [min, max]; nullopt when unset or out of range.
  std::optional<long> integer(const std::string& name, long min, long max) const;

 private:
  const std::map<std::string, std::string>* node_;
  const std::map<std::string, std::string>* probe_;
};

}  // namespace smokeping::probes
