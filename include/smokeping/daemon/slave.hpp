// The slave daemon (`smokeping --master-url=...`): checks its options and secret the way the
// original does, daemonizes, then runs the SlaveLoop.
#pragma once

#include <iosfwd>

#include "smokeping/daemon/options.hpp"

namespace smokeping::daemon {

// Runs until stopped; returns the exit status. Messages before logging starts go to `err`.
// `options` already holds what the environment supplies (apply_environment).
int run_slave(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace smokeping::daemon
