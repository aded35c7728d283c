#include "smokeping/daemon/master.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <ostream>
#include <set>
#include <thread>

#include "smokeping/config/load.hpp"
#include "smokeping/core/logging.hpp"
#include "smokeping/daemon/master_store.hpp"
#include "smokeping/daemon/pidfile.hpp"
#include "smokeping/daemon/privileges.hpp"
#include "smokeping/probes/icmp_permission.hpp"
#include "smokeping/sched/round_requests.hpp"
#include "smokeping/sched/scheduler.hpp"

namespace smokeping::daemon {

namespace {

constexpr int kExitError = 1;

std::string pidfile_path(const config::Config& config) {
  return config.general.piddir + "/smokeping.pid";
}

// The location to blame when probe `name` cannot run: its first target.
core::SourceLoc probe_user_loc(const config::Config& config, const std::string& name) {
  core::SourceLoc loc;
  config.for_each_host([&](const config::TargetNode& node) {
    if (!loc.file && node.probe && node.probe->name == name) loc = node.loc;
  });
  return loc;
}

// Every probe the master will run can run here; else the reason, with the config line.
std::optional<std::string> probes_problem(const config::Config& config,
                                          const sched::TargetFilter& filter,
                                          const std::shared_ptr<spdlog::logger>& log) {
  std::set<int> families;
  for (const auto& name : sched::probes_in_use(config, filter)) {
    const config::ProbeInstance* instance = config.find_probe(name);
    try {
      probes::make_probe(*instance, log);
    } catch (const probes::ProbeError& e) {
      core::SourceLoc loc = probe_user_loc(config, name);
      return fmt::format("{}, line {}: {}", loc.file_name(), loc.line, e.what());
    }
    std::string module(instance->module->name);
    if (module == "FPing6" || (instance->var("protocol") && *instance->var("protocol") == "6")) {
      families.insert(AF_INET6);
    } else if (module == "FPing" || module == "RemoteFPing") {
      families.insert(AF_INET);
    }
  }
  for (int family : families) {
    if (auto problem = probes::icmp_permission_problem(family)) return problem;
  }
  return std::nullopt;
}

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

sigset_t daemon_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGHUP, SIGTERM, SIGINT, SIGUSR1}) sigaddset(&set, s);
  return set;
}

std::shared_ptr<const config::Config> reload(const Options& options,
                                             const std::shared_ptr<spdlog::logger>& log) {
  try {
    auto config = config::load_config(options.config);
    log->info("config reloaded file={}", options.config);
    return config;
  } catch (const config::ConfigError& e) {
    log->error("reload failed, keeping the running config: {}", e.located());
  }
  return nullptr;
}

}  // namespace

int run_master(const Options& options, std::ostream& out, std::ostream& err) {
  std::shared_ptr<const config::Config> config;
  try {
    config = config::load_config(options.config);
  } catch (const config::ConfigError& e) {
    err << "ERROR: " << e.located() << "\n";
    return kExitError;
  }
  sched::TargetFilter filter;
  try {
    filter = sched::TargetFilter(options.filters);
  } catch (const core::RegexError& e) {
    err << "ERROR: --filter: " << e.what() << "\n";
    return 2;
  }
  if (config->probes.empty()) {
    err << "No probes defined, exiting.\n";
    return kExitError;
  }

  bool foreground = options.nodaemon || options.debug;
  core::LogSetup setup;
  setup.to_stderr = foreground;
  setup.file = options.logfile;
  setup.debug = options.debug || options.debug_daemon;
  if (!foreground && !config->general.syslogfacility.empty()) {
    setup.facility = config->general.syslogfacility;
  }
  if (auto problem = probes_problem(*config, filter, spdlog::default_logger())) {
    err << "ERROR: " << *problem << "\n";
    return kExitError;
  }

  std::string pidfile = pidfile_path(*config);
  bool own_pidfile = !options.debug;
  if (own_pidfile) {
    if (auto pid = live_pid(pidfile)) {
      err << "ERROR: I Quit! Another copy of smokeping (" << *pid
          << ") seems to be running.\n       Check " << pidfile << "\n";
      return kExitError;
    }
  }
  if (!foreground) {
    if (!setup.file && !setup.facility) {
      out << "Warning: no logging method specified. Messages will be lost.\n";
    }
    daemonize(out);
  }

  if (options.rrdcached) ::setenv("RRDCACHED_ADDRESS", options.rrdcached->c_str(), 1);
  std::shared_ptr<spdlog::logger> log;
  try {
    log = core::make_logger(setup);
  } catch (const std::exception& e) {
    err << "ERROR: " << e.what() << "\n";
    return kExitError;
  }
  spdlog::set_default_logger(log);  // whatever logs without a logger of its own lands here too
  if (own_pidfile) {
    try {
      write_pidfile(pidfile, ::getpid());
    } catch (const std::exception& e) {
      log->warn("cannot write pid file: {}", e.what());
      own_pidfile = false;
    }
  }

  if (options.user) {
    try {
      drop_to_user(*options.user);
      log->info("running as user={} with CAP_NET_RAW only", *options.user);
    } catch (const std::exception& e) {
      log->error("{}", e.what());
      return kExitError;
    }
  }

  // Signals are taken by this thread alone; the workers never see them.
  sigset_t signals = daemon_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  MasterStore store(core::child_logger(log, "store"), options.debug);
  AlertSink alert_sink(core::child_logger(log, "alerts"));
  store.set_alerts(&alert_sink);
  store.prepare(*config, filter);
  auto probe_log = core::child_logger(log, "probe");
  sched::SchedulerOptions sched_options{options.debug, options.nosleep, filter};
  sched::Scheduler scheduler(
      store,
      [probe_log](const config::ProbeInstance& p) { return probes::make_probe(p, probe_log); },
      sched_options, core::child_logger(log, "sched"));
  log->info("smokeping started pid={} config={}", ::getpid(), options.config);
  scheduler.apply(config);

  if (options.debug) {
    scheduler.join();
    return 0;
  }
  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP || sig == SIGUSR1) {  // both reopen --logfile (log rotation)
      for (const auto& failure : core::reopen_log_files()) {
        log->warn("cannot reopen log file {}", failure);
      }
    }
    if (sig == SIGHUP) {
      if (auto fresh = reload(options, log)) {
        config = fresh;
        store.prepare(*config, filter);
        scheduler.apply(config);
      }
    } else if (sig == SIGUSR1) {
      log->info("SIGUSR1 received: log file reopened");
    } else {
      log->info("signal {} received, finishing the running rounds", sig);
      break;
    }
  }
  scheduler.stop();
  scheduler.join();
  if (own_pidfile && live_pid(pidfile) == ::getpid()) ::unlink(pidfile.c_str());
  log->info("smokeping stopped");
  return 0;
}

int signal_running_master(const Options& options, std::ostream& out, std::ostream& err) {
  std::shared_ptr<const config::Config> config;
  try {
    config::LoadOptions load;
    load.load_checks = false;
    config = config::load_config(options.config, load);
  } catch (const config::ConfigError& e) {
    err << "ERROR: " << e.located() << "\n";
    return kExitError;
  }
  std::string pidfile = pidfile_path(*config);
  auto pid = live_pid(pidfile);
  if (!pid) {
    err << "ERROR: no running smokeping found: " << pidfile << " does not name a live process\n";
    return kExitError;
  }
  if (options.reload) {
    ::kill(*pid, SIGHUP);
    out << "HUP signal sent to the running SmokePing process, exiting.\n";
    return 0;
  }
  ::kill(*pid, SIGTERM);  // --restart: stop the old one, the caller then starts anew
  for (int i = 0; i < 300 && live_pid(pidfile); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (live_pid(pidfile)) {
    err << "ERROR: Can not stop running instance of SmokePing (" << *pid << ")\n";
    return kExitError;
  }
  return 0;
}

}  // namespace smokeping::daemon
