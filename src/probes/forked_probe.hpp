// The shape every fork-style module (the original's basefork) shares: each target is measured
// on its own, at most `forks` targets at a time, and no target may take longer than its budget
// (pings x timeout + 1 s, the original's kill timer). The original forks a process per target;
// we use that many threads, and a slow target only holds its own thread: the next target starts
// as soon as any one finishes, not when the whole batch of `forks` has.
// Private to src/probes (make_probe builds the modules); tests include it.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "host_resolver.hpp"
#include "smokeping/probes/probe.hpp"
#include "target_vars.hpp"

namespace smokeping::probes {

using SteadyClock = std::chrono::steady_clock;

struct ForkedEnvironment {
  Resolver resolver = &resolve_with_getaddrinfo;
  // A name that has not resolved by then counts as not resolving.
  std::chrono::milliseconds resolve_deadline{5000};
};

// One target's work for one round.
struct TargetJob {
  const PingRequest& request;
  TargetVars vars;
  // Nothing is sent or waited for after it; pings not done by then are lost.
  SteadyClock::time_point deadline;
};

class ForkedProbe : public Probe {
 public:
  int forks() const { return forks_; }

 protected:
  ForkedProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
              ForkedEnvironment env);

  // Measures one target: at most request.pings times, one per answered ping, in any order.
  // Runs on a pool thread, concurrently with other targets of the round.
  virtual std::vector<results::Rtt> ping_target(const TargetJob& job) = 0;

  // The time one ping may take, for the target's budget: the `timeout` variable by default.
  virtual std::chrono::microseconds ping_timeout(const TargetVars& vars) const;

  // The target's host (or another name, e.g. DNS `server`) as a numeric address of `family`;
  // logs and returns "" when it does not resolve.
  std::string resolve(const TargetJob& job, const std::string& host, int family) const;

  spdlog::logger& log() const { return *log_; }
  const config::ProbeInstance& instance() const { return instance_; }

  std::vector<results::Measurement> measure_(std::span<const PingRequest> requests) final;

 private:
  config::ProbeInstance instance_;
  std::shared_ptr<spdlog::logger> log_;
  ForkedEnvironment env_;
  int forks_ = 5;
};

// Sleeps until `until` (a ping's earliest start), but never past `deadline`; false when the
// deadline came first.
bool wait_until(SteadyClock::time_point until, SteadyClock::time_point deadline);

// The address family asked for by an `ipversion` of 4 or 6 (AF_INET when unset).
int family_of_ipversion(const TargetVars& vars);

}  // namespace smokeping::probes
