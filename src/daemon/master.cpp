#include "smokeping/daemon/master.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <ostream>
#include <set>

#include "smokeping/config/load.hpp"
#include "smokeping/core/logging.hpp"
#include "smokeping/daemon/cgi_directories.hpp"
#include "smokeping/daemon/daemon_process.hpp"
#include "smokeping/daemon/health_sink.hpp"
#include "smokeping/daemon/master_store.hpp"
#include "smokeping/daemon/pidfile.hpp"
#include "smokeping/export/influx_writer.hpp"
#include "smokeping/probes/icmp_permission.hpp"
#include "smokeping/sched/round_requests.hpp"
#include "smokeping/sched/scheduler.hpp"
#include "src/daemon/detail/load_or_report.hpp"

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
    // Only the in-process ICMP probes need raw sockets; RemoteFPing pings from another host.
    std::string module(instance->module->name);
    const std::string* protocol = instance->var("protocol");
    if (module == "FPing6" || (module == "FPing" && protocol && *protocol == "6")) {
      families.insert(AF_INET6);
    } else if (module == "FPing") {
      families.insert(AF_INET);
    }
  }
  for (int family : families) {
    if (auto problem = probes::icmp_permission_problem(family)) return problem;
  }
  return std::nullopt;
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
  std::shared_ptr<const config::Config> config = detail::load_or_report(options.config, err);
  if (!config) return kExitError;
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
  DaemonSpec spec;
  spec.pidfile = pidfile_path(*config);
  spec.own_pidfile = !options.debug;
  spec.foreground = foreground;
  spec.user = options.user;
  core::LogSetup& setup = spec.log;
  setup.to_stderr = foreground;
  setup.file = options.logfile;
  setup.debug = options.debug || options.debug_daemon;
  if (!foreground && !config->general.syslogfacility.empty()) {
    setup.facility = config->general.syslogfacility;
    setup.syslog_priority = config->general.syslogpriority;
  }
  if (auto problem = probes_problem(*config, filter, spdlog::default_logger())) {
    err << "ERROR: " << *problem << "\n";
    return kExitError;
  }

  if (options.rrdcached) ::setenv("RRDCACHED_ADDRESS", options.rrdcached->c_str(), 1);
  std::unique_ptr<DaemonProcess> process = DaemonProcess::start(spec, out, err);
  if (!process) return kExitError;
  const std::shared_ptr<spdlog::logger>& log = process->log();

  // Signals are taken by this thread alone; the workers never see them.
  sigset_t signals = daemon_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  MasterStore store(core::child_logger(log, "store"), options.debug, options.filters);
  AlertSink alert_sink(core::child_logger(log, "alerts"));
  store.set_alerts(&alert_sink);
  auto influx_log = core::child_logger(log, "influx");
  exports::InfluxWriter influx(
      influx_log, exports::make_curl_transport(),
      exports::writer_options(std::getenv("SMOKEPING_INFLUX_QUEUE_LINES"), *influx_log));
  influx.configure(exports::destination(config->influxdb));
  store.set_influx(&influx);
  store.prepare(*config, filter);
  precreate_cgi_directories(*config, *log);
  HealthSink health(store, core::child_logger(log, "health"), ::getpid(), ::time(nullptr));
  auto probe_log = core::child_logger(log, "probe");
  sched::SchedulerOptions sched_options{options.debug, options.nosleep, filter};
  sched::Scheduler scheduler(
      health,
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
        precreate_cgi_directories(*config, *log);
        influx.configure(exports::destination(config->influxdb));
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
  influx.stop(std::chrono::seconds(3));  // what InfluxDB has not taken by then is dropped
  log->info("smokeping stopped");
  return 0;
}

int signal_running_master(const Options& options, std::ostream& out, std::ostream& err) {
  config::LoadOptions load;
  load.load_checks = false;
  std::shared_ptr<const config::Config> config = detail::load_or_report(options.config, err, load);
  if (!config) return kExitError;
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
  // --restart: stop the old one, the caller then starts anew.
  return stop_running(pidfile, err) ? 0 : kExitError;
}

}  // namespace smokeping::daemon
