// The master daemon: loads the config, prepares the RRD files, runs the probes and writes
// their rounds; SIGHUP reloads, SIGTERM/SIGINT end it.
#pragma once

#include <iosfwd>

#include "smokeping/daemon/options.hpp"

namespace smokeping::daemon {

// Runs until stopped; returns the exit status. Messages before logging starts go to `err`.
int run_master(const Options& options, std::ostream& out, std::ostream& err);

// --reload / --restart: signal the daemon named by the pid file of the config's piddir.
int signal_running_master(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace smokeping::daemon
