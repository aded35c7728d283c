#include "forked_probe.hpp"

#include <spdlog/logger.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace smokeping::probes {

namespace {

constexpr std::chrono::microseconds kDefaultTimeout = std::chrono::seconds(5);

}  // namespace

ForkedProbe::ForkedProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
                         ForkedEnvironment env)
    : Probe(instance.name),
      instance_(instance),
      log_(log ? std::move(log) : std::make_shared<spdlog::logger>("probe." + instance.name)),
      env_(std::move(env)) {
  // `forks` is checked as \d+ by the grammar; 0 would measure nothing, so it means one.
  TargetVars vars(instance_.vars);
  std::optional<long> forks = vars.integer("forks", 0, 1000);
  if (vars.get("forks") && !forks) {
    throw ProbeError("probe " + instance.name + ": forks '" + vars.text("forks") +
                     "' is not a number from 1 to 1000");
  }
  forks_ = std::max(static_cast<int>(forks.value_or(5)), 1);
}

std::chrono::microseconds ForkedProbe::ping_timeout(const TargetVars& vars) const {
  return vars.seconds("timeout").value_or(kDefaultTimeout);
}

std::string ForkedProbe::resolve(const TargetJob& job, const std::string& host, int family) const {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(job.deadline - SteadyClock::now());
  auto deadline = std::clamp(left, std::chrono::milliseconds(0), env_.resolve_deadline);
  Resolution r = resolve_all({host}, family, env_.resolver, deadline).front();
  if (!r.ok()) {
    log_->warn("host does not resolve target={} host={} error={}", job.request.target, host,
               r.error);
  }
  return r.address;
}

std::vector<results::Measurement> ForkedProbe::measure_(std::span<const PingRequest> requests) {
  std::vector<results::Measurement> out(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    out[i].target = requests[i].target;
    out[i].pings = requests[i].pings;
  }
  const auto start = SteadyClock::now();
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < requests.size(); i = next++) {
      const PingRequest& request = requests[i];
      if (request.pings <= 0) continue;
      TargetVars vars(request, instance_);
      // basefork's kill timer: every ping may use its whole timeout, plus one second.
      auto budget = ping_timeout(vars) * request.pings + std::chrono::seconds(1);
      TargetJob job{request, vars, start + budget};
      try {
        std::vector<results::Rtt> rtts = ping_target(job);
        if (rtts.size() > static_cast<std::size_t>(request.pings)) rtts.resize(request.pings);
        out[i].rtts = std::move(rtts);
      } catch (const std::exception& e) {
        log_->warn("probe failed target={} host={} error={}", request.target, request.host,
                   e.what());
      }
      if (SteadyClock::now() >= job.deadline) {
        log_->warn("timeout reached target={} host={} budget_seconds={:.1f} replies={}",
                   request.target, request.host, std::chrono::duration<double>(budget).count(),
                   out[i].rtts.size());
      }
    }
  };
  std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(forks_), requests.size());
  std::vector<std::jthread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();                                 // the probe's own thread takes its share
  for (auto& thread : pool) thread.join();  // before `out` leaves
  return out;
}

bool wait_until(SteadyClock::time_point until, SteadyClock::time_point deadline) {
  if (until >= deadline) {
    std::this_thread::sleep_until(deadline);
    return false;
  }
  std::this_thread::sleep_until(until);
  return true;
}

int family_of_ipversion(const TargetVars& vars) {
  return vars.text("ipversion") == "6" ? AF_INET6 : AF_INET;
}

}  // namespace smokeping::probes
