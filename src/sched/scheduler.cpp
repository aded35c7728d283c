#include "smokeping/sched/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>

#include "smokeping/sched/dynamic_hosts.hpp"
#include "smokeping/sched/round_requests.hpp"

namespace smokeping::sched {

namespace {

double random_fraction() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace

struct Scheduler::Worker {
  std::string probe;
  bool retired = false;  // under mutex_
  std::atomic<bool> finished = false;
  double offset_fraction = random_fraction();  // `offset = random`: chosen once per probe
  std::thread thread;
};

Scheduler::Scheduler(ResultSink& sink, ProbeFactory factory, SchedulerOptions options,
                     std::shared_ptr<spdlog::logger> log, SchedulerClock clock)
    : sink_(sink),
      factory_(std::move(factory)),
      options_(std::move(options)),
      clock_(std::move(clock)),
      log_(std::move(log)) {}

Scheduler::~Scheduler() {
  stop();
  join();
}

std::chrono::system_clock::time_point Scheduler::wall_now() const {
  return clock_.wall_clock ? clock_.wall_clock() : std::chrono::system_clock::now();
}

std::int64_t Scheduler::epoch_now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(wall_now().time_since_epoch()).count();
}

// Waits in slices of steady time, not until a wall-clock deadline: a deadline on a clock
// stepped back by an hour would stop every round for that hour.
std::optional<std::int64_t> Scheduler::wait_for_start(std::unique_lock<std::mutex>& lock,
                                                      Worker& worker, const RoundPlan& plan,
                                                      std::int64_t start) {
  auto must_end = [&] { return stopping_ || worker.retired; };
  for (;;) {
    if (must_end()) return std::nullopt;
    const auto now = wall_now();
    const std::int64_t now_s =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (start - now_s > plan.step()) {
      // No round is ever planned more than a step ahead: the clock went back.
      log_->warn("wall clock went back, round replanned probe={} at_least_seconds={}", worker.probe,
                 start - now_s - plan.step());
      start = plan.next_start(now_s);
    }
    const auto due = std::chrono::system_clock::time_point(std::chrono::seconds(start));
    if (now >= due) break;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(due - now) +
                      std::chrono::milliseconds(1);
    wake_.wait_for(lock, std::min(left, clock_.wait_slice), must_end);
  }
  const std::int64_t now_s = epoch_now();
  if (now_s - start >= plan.step()) {
    // Due a step ago or more: the clock jumped forward (or the machine slept). One round now,
    // not one for every step missed.
    log_->warn("wall clock went forward, round starts now probe={} late_seconds={}", worker.probe,
               now_s - start);
    start = now_s;
  }
  return start;
}

std::shared_ptr<const config::Config> Scheduler::snapshot() const {
  std::lock_guard lock(mutex_);
  return config_;
}

void Scheduler::apply(std::shared_ptr<const config::Config> config) {
  std::vector<std::string> wanted = probes_in_use(*config, options_.filter);
  std::lock_guard lock(mutex_);
  config_ = std::move(config);
  // Workers retired by an earlier reload that have finished their last round can go now.
  std::erase_if(retired_, [](std::unique_ptr<Worker>& w) {
    if (!w->finished) return false;
    w->thread.join();
    return true;
  });
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (std::find(wanted.begin(), wanted.end(), it->first) == wanted.end()) {
      log_->info("probe retired probe={}", it->first);
      it->second->retired = true;
      retired_.push_back(std::move(it->second));
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
  if (stopping_) return;
  for (const auto& name : wanted) {
    if (workers_.count(name)) continue;
    auto worker = std::make_unique<Worker>();
    worker->probe = name;
    Worker& ref = *worker;
    workers_[name] = std::move(worker);
    ref.thread = std::thread([this, &ref] { run(ref); });
    log_->info("probe started probe={}", name);
  }
  wake_.notify_all();
}

void Scheduler::stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  wake_.notify_all();
}

void Scheduler::join() {
  std::vector<Worker*> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, w] : workers_) all.push_back(w.get());
    for (auto& w : retired_) all.push_back(w.get());
  }
  for (Worker* w : all) {
    if (w->thread.joinable()) w->thread.join();
  }
}

void Scheduler::run(Worker& worker) {
  struct MarkFinished {
    Worker& w;
    ~MarkFinished() { w.finished = true; }
  } mark{worker};
  std::unique_ptr<probes::Probe> probe;
  std::map<std::string, std::string> probe_vars;  // the settings `probe` was made with
  for (;;) {
    std::shared_ptr<const config::Config> config = snapshot();
    const config::ProbeInstance* instance = config->find_probe(worker.probe);
    if (!instance) return;
    RoundPlan plan(instance->step, instance->offset_percent, worker.offset_fraction);
    std::int64_t start =
        options_.nosleep || options_.once ? epoch_now() : plan.next_start(epoch_now());
    {
      std::unique_lock lock(mutex_);
      std::optional<std::int64_t> begins = wait_for_start(lock, worker, plan, start);
      if (!begins) return;
      start = *begins;
      config = config_;  // the snapshot current when the round starts
    }
    instance = config->find_probe(worker.probe);
    if (!instance) return;
    std::vector<probes::PingRequest> requests =
        master_requests(*config, worker.probe, options_.filter, options_.dynamic_hosts);
    if (requests.empty()) {
      // Nothing to probe, but the round still brings in the slaves' data (and the rows of
      // DYNAMIC hosts that have not reported an address yet).
      std::vector<results::Measurement> unprobed;
      if (options_.dynamic_hosts) {
        complete_dynamic_round(*config, worker.probe, options_.filter, unprobed, epoch_now());
      }
      sink_.round_done(*config, worker.probe, std::move(unprobed));
      sink_.round_stats({worker.probe, start, epoch_now() - start, 0, plan.step(), false});
    } else {
      try {
        if (!probe || probe_vars != instance->vars) {
          probe = factory_(*instance);
          probe_vars = instance->vars;
        }
        std::unique_lock sequential(one_probe_at_a_time_, std::defer_lock);
        if (!config->general.concurrentprobes) sequential.lock();
        std::vector<results::Measurement> measurements = probe->measure(requests);
        if (sequential.owns_lock()) sequential.unlock();
        std::int64_t done = epoch_now();
        for (auto& m : measurements) m.time = done;
        if (options_.dynamic_hosts) {
          complete_dynamic_round(*config, worker.probe, options_.filter, measurements, done);
        }
        size_t count = measurements.size();
        sink_.round_done(*config, worker.probe, std::move(measurements));
        log_->info("round finished probe={} targets={} seconds={}", worker.probe, count,
                   done - start);
        const bool overran = !options_.once && !options_.nosleep && done >= start + plan.step();
        if (overran) {
          log_->warn("round overran its step probe={} step={} seconds={}", worker.probe,
                     plan.step(), done - start);
        }
        sink_.round_stats({worker.probe, start, done - start, count, plan.step(), overran});
      } catch (const probes::ProbeError& e) {
        log_->error("probe failed probe={} error={}", worker.probe, e.what());
        probe.reset();
      }
    }
    if (options_.once) return;
  }
}

}  // namespace smokeping::sched
