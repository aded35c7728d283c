// The running slave: fetch a config (retrying while the master is away), probe, post every
// round, take new configs in place. The original exits when the master is down at startup
// (§12 W13) and dies at its first config change (W14); this loop does neither.
#pragma once

#include <signal.h>

#include <cstdint>
#include <memory>
#include <string>

#include "smokeping/config/model.hpp"
#include "smokeping/sched/scheduler.hpp"
#include "smokeping/uplink/backoff.hpp"
#include "smokeping/uplink/session.hpp"
#include "smokeping/uplink/spool.hpp"

namespace smokeping::daemon {

struct SlaveLoopOptions {
  bool once = false;     // --debug: one round of every probe, post, end
  bool nosleep = false;  // --nosleep
  sched::TargetFilter filter;
  std::string pid_dir;      // replaces the master's General.piddir
  std::string master_name;  // for log lines and config errors
};

class SlaveLoop {
 public:
  SlaveLoop(uplink::Session& session, uplink::Spool& spool, sched::ProbeFactory factory,
            SlaveLoopOptions options, std::shared_ptr<spdlog::logger> log);
  ~SlaveLoop();
  SlaveLoop(const SlaveLoop&) = delete;
  SlaveLoop& operator=(const SlaveLoop&) = delete;

  // Runs until SIGTERM or SIGINT (the running rounds finish and are posted) or, with `once`,
  // until one round of each probe is posted. `signals` (HUP, TERM, INT) must be blocked in
  // every thread. Returns the exit status: 0, or 1 when the first config asks for probes
  // this machine cannot run.
  int run(const sigset_t& signals);

  // A round is in the spool (any thread).
  void round_spooled();

 private:
  enum class Event { timeout, round, hangup, stop };
  Event wait(int timeout_ms);
  void drain_rounds();
  // Builds and applies a received config; false (logged) when it cannot be used.
  bool take(protocol::ReceivedConfig received, bool first);
  void post(std::int64_t config_time, bool even_if_empty);

  uplink::Session& session_;
  uplink::Spool& spool_;
  SlaveLoopOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  sched::ProbeFactory factory_;
  std::unique_ptr<sched::ResultSink> sink_;
  std::unique_ptr<sched::Scheduler> scheduler_;
  std::shared_ptr<const config::Config> config_;
  std::int64_t last_ = 0;  // `__last` of config_
  uplink::Backoff backoff_;
  int event_fd_ = -1;
  int signal_fd_ = -1;
  bool unusable_probes_ = false;
};

}  // namespace smokeping::daemon
