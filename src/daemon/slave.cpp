#include "smokeping/daemon/slave.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <ostream>

#include "smokeping/core/logging.hpp"
#include "smokeping/daemon/daemon_process.hpp"
#include "smokeping/daemon/pidfile.hpp"
#include "smokeping/daemon/slave_loop.hpp"
#include "smokeping/daemon/slave_options.hpp"
#include "smokeping/protocol/secrets_file.hpp"
#include "smokeping/uplink/http_client.hpp"
#include "smokeping/uplink/session.hpp"
#include "smokeping/uplink/spool.hpp"

namespace smokeping::daemon {

namespace {

constexpr int kExitError = 1;

std::int64_t epoch_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int run_slave(const Options& options, std::ostream& out, std::ostream& err) {
  SlaveSettingsResult checked = slave_settings(options);
  if (!checked.settings) {
    err << "ERROR: " << checked.error << "\n";
    return kExitError;
  }
  const SlaveSettings& settings = *checked.settings;
  protocol::SlaveSecret secret = protocol::read_slave_secret(settings.secret_file, ::geteuid());
  if (secret.error != protocol::SecretsError::none) {
    err << secret.message << "\n";
    return kExitError;
  }
  if (secret.has_whitespace) {
    err << "WARNING: the shared secret in " << settings.secret_file
        << " holds whitespace (a CR of a CRLF file?): a Perl master cuts its copy at the first "
           "whitespace, so it will not accept this slave's data\n";
  }
  for (const char* master_only : {"check", "reload", "config", "static-pages", "email"}) {
    if (options.has(master_only)) {
      err << "WARNING: --" << master_only << " is ignored by a slave\n";
    }
  }
  sched::TargetFilter filter;
  try {
    filter = sched::TargetFilter(options.filters);
  } catch (const core::RegexError& e) {
    err << "ERROR: --filter: " << e.what() << "\n";
    return 2;
  }

  std::string pidfile = settings.pid_dir + "/smokeping.pid";
  if (options.restart && !stop_running(pidfile, err)) return kExitError;
  bool foreground = options.nodaemon || options.debug;
  DaemonSpec spec;
  spec.pidfile = pidfile;
  spec.own_pidfile = !options.debug;
  spec.foreground = foreground;
  spec.user = options.user;
  core::LogSetup& setup = spec.log;
  setup.to_stderr = foreground;
  setup.file = options.logfile;
  setup.debug = options.debug || options.debug_daemon;
  // The original takes syslog settings from the master's config, which a slave that must
  // start while the master is away does not have yet: without --logfile, syslog `daemon`.
  if (!foreground && !setup.file) setup.facility = "daemon";
  std::unique_ptr<DaemonProcess> process = DaemonProcess::start(spec, out, err);
  if (!process) return kExitError;
  const std::shared_ptr<spdlog::logger>& log = process->log();

  // Signals are taken by the loop alone; the workers never see them.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGHUP, SIGTERM, SIGINT, SIGUSR1}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  int status = kExitError;
  try {
    uplink::Spool spool(settings.cache_dir, settings.limits, core::child_logger(log, "spool"),
                        epoch_now());
    uplink::HttpClient http(settings.http);
    std::string master_name = uplink::url_for_logs(settings.http.url);
    uplink::SessionSettings session_settings{settings.slave_name, secret.secret, master_name};
    session_settings.answer_pin_file = settings.cache_dir + "/.master-signs-answers";
    uplink::Session session(std::move(session_settings), http, spool,
                            core::child_logger(log, "uplink"));
    auto probe_log = core::child_logger(log, "probe");
    SlaveLoop loop(
        session, spool,
        [probe_log](const config::ProbeInstance& p) { return probes::make_probe(p, probe_log); },
        SlaveLoopOptions{options.debug, options.nosleep, filter, settings.pid_dir, master_name},
        core::child_logger(log, "slave"));
    log->info("smokeping slave started pid={} name={} master={} cache={}", ::getpid(),
              settings.slave_name, master_name, settings.cache_dir);
    status = loop.run(signals);
  } catch (const std::exception& e) {
    log->error("slave stopped: {}", e.what());
  }
  log->info("smokeping slave stopped status={}", status);
  return status;
}

}  // namespace smokeping::daemon
