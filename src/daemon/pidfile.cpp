#include "smokeping/daemon/pidfile.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <system_error>

namespace smokeping::daemon {

std::optional<pid_t> live_pid(const std::string& path) {
  std::ifstream in(path);
  long pid = 0;
  if (!(in >> pid) || pid <= 0) return std::nullopt;
  // EPERM means the process exists but belongs to someone else: still alive.
  if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) return static_cast<pid_t>(pid);
  return std::nullopt;
}

void write_pidfile(const std::string& path, pid_t pid) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << pid << "\n";
    if (!out.flush()) throw std::system_error(errno, std::generic_category(), "write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    throw std::system_error(errno, std::generic_category(), "rename " + tmp + " to " + path);
  }
}

}  // namespace smokeping::daemon
