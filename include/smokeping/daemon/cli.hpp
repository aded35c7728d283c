// What `smokeping` does with its command line: the thin main delegates here.
#pragma once

#include <iosfwd>

namespace smokeping::daemon {

// Runs the program; returns the process exit status. `out`/`err` receive what the user sees.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace smokeping::daemon
