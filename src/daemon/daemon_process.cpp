#include "smokeping/daemon/daemon_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>
#include <thread>

#include "smokeping/daemon/pidfile.hpp"
#include "smokeping/daemon/privileges.hpp"

namespace smokeping::daemon {

namespace {

// The original's single fork: the parent returns to the shell, the child carries on.
void daemonize(std::ostream& out) {
  out << "Daemonizing smokeping ..." << std::endl;
  pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid > 0) ::_exit(0);
  ::setsid();
  int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    if (null > 2) ::close(null);
  }
}

}  // namespace

std::unique_ptr<DaemonProcess> DaemonProcess::start(const DaemonSpec& spec, std::ostream& out,
                                                    std::ostream& err) {
  if (spec.own_pidfile) {
    if (auto pid = live_pid(spec.pidfile)) {
      err << "ERROR: I Quit! Another copy of smokeping (" << *pid
          << ") seems to be running.\n       Check " << spec.pidfile << "\n";
      return nullptr;
    }
  }
  // The logger comes first, so that a log file that cannot be opened is still reported on
  // the terminal.
  std::shared_ptr<spdlog::logger> log;
  try {
    log = core::make_logger(spec.log);
  } catch (const std::exception& e) {
    err << "ERROR: " << e.what() << "\n";
    return nullptr;
  }
  if (!spec.foreground) {
    if (!spec.log.file && !spec.log.facility) {
      out << "Warning: no logging method specified. Messages will be lost.\n";
    }
    if (spec.log.facility) {
      out << "Note: logging to syslog as " << *spec.log.facility << "/" << spec.log.syslog_priority
          << ".\n";
    }
    daemonize(out);
  }
  spdlog::set_default_logger(log);  // whatever logs without a logger of its own lands here too
  std::string owned;
  if (spec.own_pidfile) {
    try {
      write_pidfile(spec.pidfile, ::getpid());
      owned = spec.pidfile;
    } catch (const std::exception& e) {
      log->warn("cannot write pid file: {}", e.what());
    }
  }
  std::unique_ptr<DaemonProcess> process(new DaemonProcess(log, owned));
  if (spec.user) {
    try {
      drop_to_user(*spec.user);
      log->info("running as user={} with CAP_NET_RAW only", *spec.user);
    } catch (const std::exception& e) {
      log->error("{}", e.what());
      return nullptr;
    }
  }
  return process;
}

DaemonProcess::~DaemonProcess() {
  if (!pidfile_.empty() && live_pid(pidfile_) == ::getpid()) ::unlink(pidfile_.c_str());
}

bool stop_running(const std::string& pidfile, std::ostream& err) {
  auto pid = live_pid(pidfile);
  if (!pid) return true;
  ::kill(*pid, SIGTERM);
  for (int i = 0; i < 300 && live_pid(pidfile); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!live_pid(pidfile)) return true;
  err << "ERROR: Can not stop running instance of SmokePing (" << *pid << ")\n";
  return false;
}

}  // namespace smokeping::daemon
