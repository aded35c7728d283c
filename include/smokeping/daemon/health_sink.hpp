// Keeps the master's health file (protocol/health_file.hpp) up to date: it sits between the
// scheduler and the store, passes every round on, and after each round writes what it saw:
// the probe's round time and overruns, the rows each slave had waiting in its `.slave_cache`
// files (the store merges them in that round) and what is still waiting after it.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "smokeping/protocol/health_file.hpp"
#include "smokeping/sched/scheduler.hpp"

namespace smokeping::daemon {

class HealthSink : public sched::ResultSink {
 public:
  HealthSink(sched::ResultSink& inner, std::shared_ptr<spdlog::logger> log, std::int64_t pid,
             std::int64_t started);

  void round_done(const config::Config& config, const std::string& probe,
                  std::vector<results::Measurement> measurements) override;
  void round_stats(const sched::RoundStats& stats) override;

  protocol::Health snapshot() const;

 private:
  void write_(const std::string& path, const protocol::Health& health);

  sched::ResultSink& inner_;
  std::shared_ptr<spdlog::logger> log_;
  mutable std::mutex mutex_;
  std::mutex write_mutex_;
  protocol::Health health_;
  std::string path_;           // of the last config seen
  bool write_failed_ = false;  // logged once until a write succeeds again
};

}  // namespace smokeping::daemon
