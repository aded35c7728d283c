#include "smokeping/daemon/slave_loop.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <system_error>

#include "smokeping/config/load.hpp"
#include "smokeping/core/logging.hpp"
#include "smokeping/daemon/slave_sink.hpp"
#include "smokeping/probes/icmp_permission.hpp"
#include "smokeping/sched/round_requests.hpp"

namespace smokeping::daemon {

namespace {

// The probes `config` needs cannot all run here: the reason, else nullopt.
std::optional<std::string> probes_problem(const config::Config& config,
                                          const sched::TargetFilter& filter,
                                          const sched::ProbeFactory& factory) {
  bool v4 = false, v6 = false;
  for (const auto& name : sched::probes_in_use(config, filter)) {
    const config::ProbeInstance* instance = config.find_probe(name);
    try {
      factory(*instance);
    } catch (const probes::ProbeError& e) {
      return fmt::format("probe {}: {}", name, e.what());
    }
    std::string module(instance->module->name);
    const std::string* protocol = instance->var("protocol");
    if (module == "FPing6" || (protocol && *protocol == "6")) {
      v6 = true;
    } else if (module == "FPing" || module == "RemoteFPing") {
      v4 = true;
    }
  }
  if (v4) {
    if (auto problem = probes::icmp_permission_problem(AF_INET)) return problem;
  }
  if (v6) return probes::icmp_permission_problem(AF_INET6);
  return std::nullopt;
}

}  // namespace

SlaveLoop::SlaveLoop(uplink::Session& session, uplink::Spool& spool, sched::ProbeFactory factory,
                     SlaveLoopOptions options, std::shared_ptr<spdlog::logger> log)
    : session_(session),
      spool_(spool),
      options_(std::move(options)),
      log_(std::move(log)),
      factory_(std::move(factory)) {
  event_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (event_fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  sink_ = std::make_unique<SlaveSink>(
      spool_, [this] { round_spooled(); }, log_);
}

SlaveLoop::~SlaveLoop() {
  scheduler_.reset();  // joins the workers, which use the sink and the eventfd
  if (event_fd_ >= 0) ::close(event_fd_);
  if (signal_fd_ >= 0) ::close(signal_fd_);
}

void SlaveLoop::round_spooled() {
  std::uint64_t one = 1;
  // A full counter already says "rounds are waiting"; nothing else can go wrong here.
  [[maybe_unused]] ssize_t n = ::write(event_fd_, &one, sizeof one);
}

void SlaveLoop::drain_rounds() {
  std::uint64_t count = 0;
  [[maybe_unused]] ssize_t n = ::read(event_fd_, &count, sizeof count);
}

SlaveLoop::Event SlaveLoop::wait(int timeout_ms) {
  pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {event_fd_, POLLIN, 0}};
  // A SIGUSR1 between two polls must not restart the wait: the poll resumes with what is left.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int left = timeout_ms;
    if (timeout_ms >= 0) {
      auto rest =
          std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      left = static_cast<int>(std::max<std::chrono::milliseconds::rep>(rest.count(), 0));
    }
    int n = ::poll(fds, 2, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category(), "poll");
    if (n == 0) return Event::timeout;
    if (fds[0].revents & POLLIN) {
      signalfd_siginfo info{};
      if (::read(signal_fd_, &info, sizeof info) == sizeof info) {
        if (info.ssi_signo == SIGHUP || info.ssi_signo == SIGUSR1) {  // as the master does
          for (const auto& failure : core::reopen_log_files()) {
            log_->warn("cannot reopen log file {}", failure);
          }
        }
        if (info.ssi_signo == SIGHUP) return Event::hangup;
        if (info.ssi_signo == SIGUSR1) {
          log_->info("SIGUSR1 received: log file reopened");
          continue;
        }
        log_->info("signal {} received, finishing the running rounds", info.ssi_signo);
        return Event::stop;
      }
    }
    if (fds[1].revents & POLLIN) {
      drain_rounds();
      return Event::round;
    }
  }
}

bool SlaveLoop::take(protocol::ReceivedConfig received, bool first) {
  std::shared_ptr<config::RawSection> raw = std::move(received.raw);
  // The master's piddir means nothing here (§3.3): the slave's own goes in its place.
  for (const auto& child : raw->children()) {
    if (child->name() == "General") {
      child->set("piddir",
                 config::RawValue{options_.pid_dir, child->loc(), config::RawValue::Origin::set});
    }
  }
  std::shared_ptr<const config::Config> config;
  try {
    config::LoadOptions load;
    load.load_checks = false;  // no Slaves, Alerts or Presentation: the master's business
    config = config::build_config(raw, options_.master_name, load);
  } catch (const config::ConfigError& e) {
    log_->error("config from the master refused, keeping the one running: {}", e.located());
    return false;
  }
  if (auto problem = probes_problem(*config, options_.filter, factory_)) {
    log_->error("config from the master needs probes that cannot run here: {}", *problem);
    if (first) {
      unusable_probes_ = true;
      return false;
    }
  }
  config_ = config;
  last_ = received.last;
  if (!scheduler_) {
    sched::SchedulerOptions sched_options{options_.once, options_.nosleep, options_.filter};
    sched_options.dynamic_hosts = false;  // the .adr files are the master's
    scheduler_ =
        std::make_unique<sched::Scheduler>(*sink_, factory_, sched_options, log_->clone("sched"));
  }
  scheduler_->apply(config_);
  log_->info("config from the master in use last={} targets={}", last_, [&] {
    std::size_t n = 0;
    config_->for_each_host([&](const config::TargetNode&) { ++n; });
    return n;
  }());
  return true;
}

void SlaveLoop::post(std::int64_t config_time, bool even_if_empty) {
  uplink::DeliveryReport report = session_.deliver(config_time, last_, even_if_empty);
  if (report.config) take(std::move(*report.config), false);
}

int SlaveLoop::run(const sigset_t& signals) {
  signal_fd_ = ::signalfd(-1, &signals, SFD_CLOEXEC);
  if (signal_fd_ < 0) throw std::system_error(errno, std::generic_category(), "signalfd");

  // Startup: ask for a config (sending what the spool kept) until one comes.
  for (;;) {
    uplink::DeliveryReport report = session_.deliver(0, 0, true);
    if (report.config && take(std::move(*report.config), true)) break;
    if (unusable_probes_) return 1;
    std::chrono::milliseconds delay = backoff_.next();
    log_->warn("no config from the master yet, next attempt in {} ms master={}", delay.count(),
               options_.master_name);
    Event event = wait(static_cast<int>(delay.count()));
    if (event == Event::stop) return 0;
  }
  backoff_.reset();

  if (options_.once) {
    scheduler_->join();
    drain_rounds();
    post(last_, false);
    return 0;
  }
  for (;;) {
    switch (wait(-1)) {
      case Event::round:
        post(last_, false);
        break;
      case Event::hangup:
        log_->info("SIGHUP: asking the master for the current config");
        post(0, true);
        break;
      case Event::stop:
        scheduler_->stop();
        scheduler_->join();
        drain_rounds();
        post(last_, false);
        return 0;
      case Event::timeout:
        break;
    }
  }
}

}  // namespace smokeping::daemon
