// The slave's side of the slave config (master-slave.md §4.5, §4.6, §13): the hash a Perl
// (or our) master sent, checked and turned into the parsed-config tree the rest of smokeping
// builds its typed model from.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "smokeping/config/raw_tree.hpp"
#include "smokeping/protocol/dumper_reader.hpp"
#include "smokeping/protocol/dumper_value.hpp"

namespace smokeping::protocol {

// The master's config is refused; the message names the place ("Probes/FPing: ...").
class SlaveConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReceivedConfig {
  // `__last`: the slave sends it back as `config_time`.
  std::int64_t last = 0;
  // The same shape parse_file gives for a config file, so the config module's model builder
  // reads it unchanged: children General, Database (its `_table` rows as table rows), Probes
  // (modules, their instances as sub-sections) and Targets (levels in the master's `_order`,
  // each with order() set). Every value has origin `set` and points at the `origin` given.
  std::unique_ptr<config::RawSection> raw;
};

// Checks and converts the hash a master sent. Refused (SlaveConfigError):
// * a top level that is not a hash, `__last` missing or not a non-negative integer;
// * `Database` without integer `step` (>= 1) and `pings` (>= 3), `_table` rows that are not
//   four scalars;
// * a `Probes` key that is not a probe module we know (closing weakness W3), a probe variable
//   the module does not have, or a value that fails the module's check for it;
// * a `Targets` level (the top included) whose `probe` is not one of the probes sent, a
//   sub-target name outside [-_0-9a-zA-Z]+ or equal to a variable name, an empty `host`, a
//   probe target variable with a value the module refuses.
// Ignored: unknown top-level keys (`New`...), bookkeeping (`_order` only orders, `_varlist`,
// `fetchlength`, `alerts`: the master runs the alerts), undef sub-targets, other values that
// are not scalars, target variables that are neither common ones nor the probe's.
// `General.piddir` is kept as sent; the slave replaces it with its own.
ReceivedConfig read_slave_config(const PerlValue& config, const std::string& origin = "master");

// The body of a config answer (after its Key was checked) read and converted: DumperError or
// SlaveConfigError.
ReceivedConfig read_slave_config_text(std::string_view body, const std::string& origin = "master",
                                      const DumperLimits& limits = {});

}  // namespace smokeping::protocol
