// The scheduler tells its sink how each round went (ResultSink::round_stats), after round_done.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>

#include "smokeping/sched/scheduler.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::sched {
namespace {

class AnsweringProbe : public probes::Probe {
 public:
  AnsweringProbe() : Probe("FPing") {}

 protected:
  std::vector<results::Measurement> measure_(
      std::span<const probes::PingRequest> requests) override {
    std::vector<results::Measurement> out;
    for (const auto& r : requests) out.push_back({r.target, 0, r.pings, {}, std::nullopt});
    return out;
  }
};

class RecordingSink : public ResultSink {
 public:
  std::mutex mutex;
  std::vector<std::string> events;
  std::vector<RoundStats> stats;
  void round_done(const config::Config&, const std::string& probe,
                  std::vector<results::Measurement> measurements) override {
    std::lock_guard lock(mutex);
    events.push_back("done " + probe + " " + std::to_string(measurements.size()));
  }
  void round_stats(const RoundStats& s) override {
    std::lock_guard lock(mutex);
    events.push_back("stats " + s.probe);
    stats.push_back(s);
  }
};

TEST(SchedulerStats, ReportsEachRoundAfterItsResults) {
  test::TempConfig dir;
  auto config = test::load(
      dir.write("etc/config", dir.config(test::TempConfig::targets_top() +
                                         "+ a\nmenu = a\ntitle = a\nhost = 127.0.0.1\n"
                                         "+ b\nmenu = b\ntitle = b\nhost = 127.0.0.2\n")));
  RecordingSink sink;
  SchedulerOptions options;
  options.once = true;
  {
    Scheduler scheduler(
        sink, [](const config::ProbeInstance&) { return std::make_unique<AnsweringProbe>(); },
        options,
        std::make_shared<spdlog::logger>("sched", std::make_shared<spdlog::sinks::null_sink_st>()));
    scheduler.apply(config);
    scheduler.join();
  }
  ASSERT_EQ(sink.events, (std::vector<std::string>{"done FPing 2", "stats FPing"}));
  const RoundStats& s = sink.stats[0];
  EXPECT_EQ(s.probe, "FPing");
  EXPECT_EQ(s.targets, 2u);
  EXPECT_EQ(s.step, 300);
  EXPECT_FALSE(s.overran);  // --debug rounds never overrun
  EXPECT_GE(s.seconds, 0);
  EXPECT_GT(s.start, 0);
}

}  // namespace
}  // namespace smokeping::sched
