// The original's command line was read by Getopt::Long, which takes any unique prefix of its
// own option list: `--ca=DIR` meant --cache-dir there. Our list is longer (--ca-file, ...),
// which would make such old prefixes ambiguous or point them elsewhere, so they are resolved
// against the original's list first; everything else is left to Boost.Program_options.
#pragma once

#include <string>
#include <vector>

namespace smokeping::daemon::detail {

struct OurOption {
  std::string name;
  bool needs_value;  // `--name VALUE` takes the next argument
};

// Returns `args` (the arguments after the program name) with every option name that is not
// one of `ours` but a unique prefix of an original option (aliases count once, any case, one
// or two dashes) replaced by that option's full name. An option that needs a value takes the
// next argument, whatever it looks like, as Getopt::Long did: `--name VALUE` becomes
// `--name=VALUE`. Values and everything after "--" are never rewritten.
std::vector<std::string> expand_original_abbreviations(std::vector<std::string> args,
                                                       const std::vector<OurOption>& ours);

}  // namespace smokeping::daemon::detail
