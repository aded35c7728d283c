#include "smokeping/daemon/cgi_directories.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "smokeping/protocol/slave_cache.hpp"

namespace smokeping::daemon {
namespace {

// The mode is set with chmod after a private mkdir, not by clearing the umask as the original
// did: the umask belongs to the whole process, and the probes' threads create RRD files.
int make_tree(const config::TargetNode& node, const std::string& dir, mode_t mode,
              spdlog::logger& log) {
  int made = 0;
  for (const auto& child : node.children) {
    const std::string path = dir + "/" + child.name;
    if (::mkdir(path.c_str(), 0700) == 0) {
      if (::chmod(path.c_str(), mode) != 0) {
        log.warn("precreateperms: cannot set mode {:o} on {}: {}", mode, path,
                 std::strerror(errno));
      }
      ++made;
    } else if (errno != EEXIST) {
      log.warn("precreateperms: cannot create {}: {}", path, std::strerror(errno));
      continue;
    }
    made += make_tree(child, path, mode, log);
  }
  return made;
}

}  // namespace

int precreate_cgi_directories(const config::Config& config, spdlog::logger& log) {
  if (!config.general.precreateperms) return 0;
  const mode_t mode = static_cast<mode_t>(*config.general.precreateperms);
  const int made = make_tree(config.targets, protocol::slave_cache_dir(config.general), mode, log);
  if (made > 0) log.info("precreateperms: made {} directories with mode {:o}", made, mode);
  return made;
}

}  // namespace smokeping::daemon
