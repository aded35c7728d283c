// Runs every probe instance in its own worker thread, one round per step, against the
// config snapshot current at the start of the round. Reload = apply() a new snapshot:
// a running round finishes on its own snapshot, nothing is lost.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/probes/probe.hpp"
#include "smokeping/sched/filter.hpp"
#include "smokeping/sched/round_plan.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::sched {

// How long a probe's round took, for the daemon's health file (after round_done).
struct RoundStats {
  std::string probe;
  std::int64_t start = 0;  // Unix seconds the round was due
  std::int64_t seconds = 0;
  std::size_t targets = 0;
  long step = 0;
  bool overran = false;  // it ended after its step was over
};

// Where finished rounds go (the master's RRD store, the slave's uplink). A round of a probe
// with nothing to probe comes with no measurements.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void round_done(const config::Config& config, const std::string& probe,
                          std::vector<results::Measurement> measurements) = 0;
  virtual void round_stats(const RoundStats& /*stats*/) {}
};

using ProbeFactory = std::function<std::unique_ptr<probes::Probe>(const config::ProbeInstance&)>;

struct SchedulerOptions {
  bool once = false;     // --debug: one round of every probe, then the workers end
  bool nosleep = false;  // --nosleep: no waiting between rounds
  TargetFilter filter;
  // DYNAMIC hosts are probed at the address they reported (dynamic_hosts.hpp). Off in a slave:
  // the .adr files are the master's, and the slave reports "no answers" for those hosts.
  bool dynamic_hosts = true;
};

// The clock rounds are planned on. The defaults are the daemon's; tests set their own.
struct SchedulerClock {
  // Empty: the system clock.
  std::function<std::chrono::system_clock::time_point()> wall_clock;
  // The longest a worker waits without looking at the wall clock again, so that a clock
  // stepped back or forward (NTP, a VM resumed) is noticed within this much real time.
  std::chrono::milliseconds wait_slice{1000};
};

class Scheduler {
 public:
  Scheduler(ResultSink& sink, ProbeFactory factory, SchedulerOptions options,
            std::shared_ptr<spdlog::logger> log, SchedulerClock clock = {});
  ~Scheduler();  // stops and joins
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts workers for probes that appear, retires those that disappear.
  void apply(std::shared_ptr<const config::Config> config);

  // Asks every worker to end: waiting ones end now, probing ones after their round.
  void stop();

  // Waits until every worker has ended (all rounds done with `once`, or after stop()).
  void join();

 private:
  struct Worker;
  void run(Worker& worker);
  std::chrono::system_clock::time_point wall_now() const;
  std::int64_t epoch_now() const;
  // With `lock` on mutex_: waits until the round planned for `start` may begin and returns
  // the second it begins at (moved when the wall clock stepped), or nullopt when the worker
  // must end.
  std::optional<std::int64_t> wait_for_start(std::unique_lock<std::mutex>& lock, Worker& worker,
                                             const RoundPlan& plan, std::int64_t start);
  std::shared_ptr<const config::Config> snapshot() const;

  ResultSink& sink_;
  ProbeFactory factory_;
  SchedulerOptions options_;
  SchedulerClock clock_;
  std::shared_ptr<spdlog::logger> log_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  // Held by a probe's measurement under `concurrentprobes = no`: the original then ran the
  // probes one after the other, and a site sets it to keep them from loading the links at
  // once.
  std::mutex one_probe_at_a_time_;
  std::shared_ptr<const config::Config> config_;
  bool stopping_ = false;
  std::map<std::string, std::unique_ptr<Worker>> workers_;
  std::vector<std::unique_ptr<Worker>> retired_;
};

}  // namespace smokeping::sched
