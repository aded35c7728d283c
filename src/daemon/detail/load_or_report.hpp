// How the commands that need the master's config (start, --reload, --static-pages, --email)
// report one that does not load.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "smokeping/config/load.hpp"

namespace smokeping::daemon::detail {

// The config at `path`, or null after "ERROR: <file, line: what>" went to `err`.
std::shared_ptr<const config::Config> load_or_report(const std::string& path, std::ostream& err,
                                                     const config::LoadOptions& load = {});

}  // namespace smokeping::daemon::detail
