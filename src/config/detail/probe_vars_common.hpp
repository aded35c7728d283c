// Building blocks of the probe variable tables (probe_vars_*.hpp), which are included only by
// probe_catalog.cpp. Each table lists the union of SmokePing 2.7.3 and 2.9.0, probe variables
// first, then target variables, each group sorted by name as in
// spec/config-probe-vars-*.txt. Patterns are the original's text (config.md Appendix A).
//
// The tables follow the original's class tree: a module starts from its base class's table
// (base, basefork, EchoPing, FPing, ...), drops what the original deletes, changes what it
// overrides and adds its own variables, so that each definition is written once. All of it
// runs at compile time; a name that is dropped or changed but not there, or added twice, stops
// the build.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string_view>

#include "probe_checks.hpp"
#include "smokeping/config/probe_catalog.hpp"

namespace smokeping::config::probe_catalog_detail {

inline constexpr ProbeVarKind kP = ProbeVarKind::probe;
inline constexpr ProbeVarKind kT = ProbeVarKind::target;

template <std::size_t N>
using VarTable = std::array<ProbeVarSpec, N>;

// The tables' order: probe variables, then target variables, each by name (bytewise).
constexpr bool listed_before(const ProbeVarSpec& a, const ProbeVarSpec& b) {
  return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
}

// Reached only while the compiler evaluates a table, where a throw is a compile error.
constexpr void table_requires(bool ok, const char* what) {
  if (!ok) throw what;
}

template <std::size_t N>
constexpr VarTable<N> sorted(VarTable<N> vars) {
  std::ranges::sort(vars, listed_before);
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = i + 1; j < N; ++j) {
      table_requires(vars[i].name != vars[j].name, "a variable is declared twice");
    }
  }
  return vars;
}

// `base` plus the module's own variables; a name that `base` has already is an error.
template <std::size_t N, std::size_t M>
constexpr VarTable<N + M> extend(const VarTable<N>& base, const ProbeVarSpec (&own)[M]) {
  VarTable<N + M> vars{};
  std::ranges::copy(base, vars.begin());
  std::ranges::copy(own, vars.begin() + N);
  return sorted(vars);
}

// `base` without the named variables (the original's `delete $h->{name}`); each must be there.
template <std::size_t N, std::size_t K>
constexpr VarTable<N - K> without(const VarTable<N>& base, const std::string_view (&names)[K]) {
  VarTable<N - K> vars{};
  std::size_t kept = 0;
  for (const ProbeVarSpec& v : base) {
    if (std::ranges::find(names, v.name) != std::end(names)) continue;
    table_requires(kept < N - K, "a dropped variable is not there");
    vars[kept++] = v;
  }
  table_requires(kept == N - K, "a dropped variable is not there");
  return vars;
}

// The variable called `name`, for a module to change what it inherits. Changing its kind
// calls for `sorted` afterwards.
template <std::size_t N>
constexpr ProbeVarSpec& at(VarTable<N>& vars, std::string_view name) {
  for (ProbeVarSpec& v : vars) {
    if (v.name == name) return v;
  }
  table_requires(false, "a changed variable is not there");
  return vars[0];
}

// base (and basevars, which adds no variables): every module has these.
inline constexpr VarTable<4> kBaseVars = {{
    {.name = "offset",
     .kind = kP,
     .re = R"((\d+%|random))",
     .re_error = "Use offset either in % of operation interval or 'random'"},
    // A probe variable here; basefork makes it a target variable.
    {.name = "pings", .kind = kP, .re = R"(\d+)", .check = &checks::pings_at_least_3},
    {.name = "step", .kind = kP, .re = R"(\d+)"},
    // InfluxDB tags (2.9.0): any variable named influx_<something>, any value.
    {.name = "/influx_.+/", .kind = kT, .re = ".*", .since = Since::v2_9_only},
}};

// basefork (based on base): one process per target, so `pings` is set per target; adds `forks`
// and a probe-wide `timeout`.
inline constexpr auto kBaseforkVars = [] {
  auto vars =
      extend(kBaseVars, {
                            {.name = "forks", .kind = kP, .default_value = "5", .re = R"(\d+)"},
                            {.name = "timeout", .kind = kP, .default_value = "5", .re = R"(\d+)"},
                        });
  at(vars, "pings").kind = kT;
  return sorted(vars);
}();

// A basefork module whose `timeout` is a target variable (the original deletes the probe
// variable and declares a target one, with the module's own default; nullopt: none).
template <std::size_t N>
constexpr VarTable<N> timeout_per_target(VarTable<N> vars,
                                         std::optional<std::string_view> default_value) {
  ProbeVarSpec& timeout = at(vars, "timeout");
  timeout.kind = kT;
  timeout.default_value = default_value;
  return sorted(vars);
}

// A `binary` that must be given and only needs the execute permission (SSH, IOSPing, and
// RemoteFPing's remote-shell program).
inline constexpr ProbeVarSpec kExecutableBinary{
    .name = "binary", .kind = kP, .mandatory = true, .check = &binary_executable_bit};
inline constexpr ProbeVarSpec kIPv4SourceAddress{
    .name = "sourceaddress", .kind = kP, .re = R"(\d+(\.\d+){3})"};

}  // namespace smokeping::config::probe_catalog_detail
