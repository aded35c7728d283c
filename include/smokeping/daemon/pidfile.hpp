// The pid file in `piddir` that keeps two daemons apart and lets --reload find the daemon.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace smokeping::daemon {

// The pid recorded in `path` when that process is alive, else nullopt.
std::optional<pid_t> live_pid(const std::string& path);

// Writes "<pid>\n" atomically (temp file + rename). Throws std::system_error.
void write_pidfile(const std::string& path, pid_t pid);

}  // namespace smokeping::daemon
