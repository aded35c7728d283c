// Where a slave's rounds go: result lines in the spool, then a nudge to post them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/sched/scheduler.hpp"
#include "smokeping/uplink/spool.hpp"

namespace smokeping::daemon {

// The lines a round of probe `probe` yields (master-slave.md §2.3): one per target of that
// probe that has a host in the received config, "/<path>\t<time>\t<update string>". Targets
// that were not measured (DYNAMIC hosts, --filter, a probe that failed) get all pings lost,
// as the original reports them. `now`: the time for those, and for measurements without one.
std::vector<std::string> round_lines(const config::Config& config, const std::string& probe,
                                     const std::vector<results::Measurement>& measurements,
                                     std::int64_t now);

class SlaveSink : public sched::ResultSink {
 public:
  // `round_spooled` is called (from the worker's thread) after each stored round.
  SlaveSink(uplink::Spool& spool, std::function<void()> round_spooled,
            std::shared_ptr<spdlog::logger> log);

  void round_done(const config::Config& config, const std::string& probe,
                  std::vector<results::Measurement> measurements) override;

 private:
  uplink::Spool& spool_;
  std::function<void()> round_spooled_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace smokeping::daemon
