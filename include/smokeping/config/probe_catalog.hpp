// Every probe module the original ships, with the variables its Probes section and its
// targets accept. This is the grammar data behind `*** Probes ***` and target nodes.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "smokeping/config/value_check.hpp"

namespace smokeping::config {

// Which SmokePing release knows a variable; we accept the union of both (config.md §9).
enum class Since { both, v2_7_only, v2_9_only };

enum class ProbeVarKind {
  probe,   // only in the module's Probes section and its instances
  target,  // in the Probes section (as a default for every target) and in target nodes
};

struct ProbeVarSpec {
  // A literal variable name, or a name pattern written "/re/" (e.g. "/influx_.+/").
  std::string_view name;
  ProbeVarKind kind;
  // Mandatory where its kind applies: a probe variable in the Probes section, a target variable
  // in target nodes. ProbeModuleSpec holds the same facts as ordered lists, and more.
  bool mandatory = false;
  std::optional<std::string_view> default_value = {};
  // The original's `_re`, applied as the original applies it: "^" + re + "$" (so a
  // top-level alternation is only half anchored, config.md §2.3). Empty: no pattern.
  std::string_view re = {};
  // The original's `_re_error`; empty means "syntax error in value of 'NAME'".
  std::string_view re_error = {};
  // The original's `_sub`, run after the pattern; nullptr when the module has none.
  CheckFn check = nullptr;
  Since since = Since::both;
};

enum class ProbeFamily {
  single,  // FPing family, DismanPing, NFSping, FPingContinuous: `pings` is a probe variable
  forked,  // basefork modules: `forks`, `timeout`, and `pings` as a target variable
};

struct ProbeModuleSpec {
  std::string_view name;  // case-sensitive, as in `+ FPing`
  ProbeFamily family;
  std::span<const ProbeVarSpec> vars;  // every variable, probe and target, in a stable order
  // The original's mandatory lists, in its order (the first missing one is reported, config.md
  // §2.7). `probe_mandatory` is checked in the module's Probes section and its instances; it can
  // name a target variable (FTPtransfer `timeout`, WebProxyFilter `deny_re`), which is then
  // required there although target nodes need not set it. `target_mandatory` is checked in
  // target nodes, minus what the probe section set (config.md §3.4).
  std::span<const std::string_view> probe_mandatory = {};
  std::span<const std::string_view> target_mandatory = {};
};

// nullptr when `name` is not a probe module (the caller reports "unknown probe module").
const ProbeModuleSpec* find_probe_module(std::string_view name);

std::span<const ProbeModuleSpec> probe_modules();

}  // namespace smokeping::config
