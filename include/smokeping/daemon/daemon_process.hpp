// What the master and the slave do alike to become a daemon: refuse a second live instance,
// set up logging, fork (unless in the foreground), write the pid file, drop root; and, at the
// end, remove the pid file they wrote.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "smokeping/core/logging.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::daemon {

struct DaemonSpec {
  std::string pidfile;
  bool own_pidfile = true;  // false with --debug: no pid file, no check for another instance
  bool foreground = false;  // --nodaemon, --debug
  core::LogSetup log;
  std::optional<std::string> user;  // --user: run as NAME keeping only CAP_NET_RAW
};

class DaemonProcess {
 public:
  // Goes through the steps above. On failure it writes the original's kind of message
  // ("ERROR: I Quit! Another copy of smokeping (PID) seems to be running. ...") to `err`
  // and returns nullptr; the caller exits 1.
  static std::unique_ptr<DaemonProcess> start(const DaemonSpec& spec, std::ostream& out,
                                              std::ostream& err);
  ~DaemonProcess();  // removes the pid file while it still names this process
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  const std::shared_ptr<spdlog::logger>& log() const { return log_; }

 private:
  DaemonProcess(std::shared_ptr<spdlog::logger> log, std::string pidfile)
      : log_(std::move(log)), pidfile_(std::move(pidfile)) {}
  std::shared_ptr<spdlog::logger> log_;
  std::string pidfile_;  // empty when this process does not own one
};

// --restart: sends SIGTERM to the process the pid file names and waits up to 30 s for it to
// end. True when none runs (any more); otherwise writes the original's error to `err`.
bool stop_running(const std::string& pidfile, std::ostream& err);

}  // namespace smokeping::daemon
