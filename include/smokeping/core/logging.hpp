// The daemon's logger: stderr in the foreground, a file with --logfile, syslog when
// daemonized with `syslogfacility` set. Modules get named children (`sched`, `store`, ...).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace spdlog {
class logger;
}

namespace smokeping::core {

struct LogSetup {
  bool to_stderr = false;
  std::optional<std::string> file;      // --logfile
  std::optional<std::string> facility;  // syslog facility (local0, daemon, ...)
  std::string syslog_priority = "info";
  bool debug = false;
};

// Throws std::runtime_error when the log file cannot be opened or the facility is unknown.
std::shared_ptr<spdlog::logger> make_logger(const LogSetup& setup);

// Reopens, by name, every log file make_logger opened (logrotate moved or truncated it).
// Returns "<file>: <reason>" for each file that could not be reopened; those keep writing
// to the file they had.
std::vector<std::string> reopen_log_files();

// A logger with the same sinks and level, named for a module.
std::shared_ptr<spdlog::logger> child_logger(const std::shared_ptr<spdlog::logger>& parent,
                                             const std::string& name);

}  // namespace smokeping::core
