// Runs every probe instance in its own worker thread, one round per step, against the
// config snapshot current at the start of the round. Reload = apply() a new snapshot:
// a running round finishes on its own snapshot, nothing is lost.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/probes/probe.hpp"
#include "smokeping/sched/filter.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::sched {

// Where finished rounds go (the master's RRD store, the slave's uplink). A round of a probe
// with nothing to probe comes with no measurements.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void round_done(const config::Config& config, const std::string& probe,
                          std::vector<results::Measurement> measurements) = 0;
};

using ProbeFactory = std::function<std::unique_ptr<probes::Probe>(const config::ProbeInstance&)>;

struct SchedulerOptions {
  bool once = false;     // --debug: one round of every probe, then the workers end
  bool nosleep = false;  // --nosleep: no waiting between rounds
  TargetFilter filter;
};

class Scheduler {
 public:
  Scheduler(ResultSink& sink, ProbeFactory factory, SchedulerOptions options,
            std::shared_ptr<spdlog::logger> log);
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
  std::shared_ptr<const config::Config> snapshot() const;

  ResultSink& sink_;
  ProbeFactory factory_;
  SchedulerOptions options_;
  std::shared_ptr<spdlog::logger> log_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::shared_ptr<const config::Config> config_;
  bool stopping_ = false;
  std::map<std::string, std::unique_ptr<Worker>> workers_;
  std::vector<std::unique_ptr<Worker>> retired_;
};

}  // namespace smokeping::sched
