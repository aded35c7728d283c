// The configuration a master sends to one slave (master-slave.md §4.1-4.4): the master's
// General, Database and Probes sections with defaults filled in, the part of Targets the slave
// probes, `__last`, and the slave's overrides, as the Perl hash the original builds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "smokeping/config/model.hpp"
#include "smokeping/protocol/dumper_value.hpp"

namespace smokeping::protocol {

// How a target's `slaves` value names a slave.
enum class SlaveMatch {
  // The original: `slaves =~ /\bNAME\b/`, NAME unescaped. `slave1` is also selected by
  // `slave1-b` or `x.slave1`, and `.` in NAME matches any character (weakness W10).
  perl_word_regex,
  // NAME is one of the whitespace-separated words: the tightening §13 recommends. A Perl
  // slave sees no difference except that it no longer receives other slaves' targets.
  exact_token,
};

struct SlaveConfigOptions {
  SlaveMatch match = SlaveMatch::perl_word_regex;
};

// Whether a target whose `slaves` is `slaves` is probed by `slave`.
bool slave_selected(std::string_view slaves, std::string_view slave, SlaveMatch match);

// The hash the master sends to `slave`, or nullopt when the slave has no targets (answer #8
// of §3.2). `last` becomes `__last`: the mtime of the main config file when it was loaded.
//
// As in the original (Master.pm `extract_config`, Smokeping.pm `init_target_tree`):
// * General, Database (rows as `_table`) and Probes (instances as nested hashes) hold every
//   value of the parsed sections, defaults included, all as strings;
// * each Targets level holds its variables (inherited and defaulted ones too), `_order`
//   (the top level: 0), `_varlist` (the variables written in the section, in file order;
//   not on the top level), `menu`/`title` filled in with the host or "unknown" when empty,
//   `alerts` as an array with `fetchlength` (the longest pattern) when set, and
//   `nomasterpoll => 'no'`; `host` is dropped for `DYNAMIC`, multi-host (`/...`) and targets
//   whose `slaves` does not select the slave; a sub-target without a selected host is undef;
// * the slave's `++ override` entries (`A.B.C = value`) are applied last, in file order (the
//   original's order is random), each creating or replacing hashes along its path.
std::optional<PerlValue> build_slave_config(const config::Config& config, std::string_view slave,
                                            std::int64_t last,
                                            const SlaveConfigOptions& options = {});

// The response body for a config built above: Dumper text (§4.4) with the hash keys sorted,
// so that one config always gives the same bytes and the same `Key` (the original's order is
// Perl's random hash order, weakness W20; a Perl slave evaluates either).
std::string slave_config_body(const PerlValue& slave_config);

}  // namespace smokeping::protocol
