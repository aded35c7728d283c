// General/precreateperms: the daemon makes the directories the CGI will write into (slaves'
// results, DYNAMIC addresses) below dyndir, one per node of the Targets tree, leaves
// included, as the original did for sites where the CGI cannot make them itself.
#pragma once

#include "smokeping/config/model.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::daemon {

// Nothing without precreateperms. A directory that exists is left as it is; one that cannot
// be made is logged and the others are still made. Returns how many it made.
int precreate_cgi_directories(const config::Config& config, spdlog::logger& log);

}  // namespace smokeping::daemon
