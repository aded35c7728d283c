// `concurrentprobes`: with yes (the default) every probe instance measures at the same time as
// the others; with no they take turns, as the original ran them one after the other.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "smokeping/sched/scheduler.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::sched {
namespace {

using namespace std::chrono_literals;

// How many probes are inside measure() at once. Each waits there until another has come in
// too, or until `linger` passed: probes that may overlap always meet, probes that take turns
// never do.
struct Overlap {
  std::mutex mutex;
  std::condition_variable changed;
  int inside = 0;
  int most = 0;
};

class MeetingProbe : public probes::Probe {
 public:
  MeetingProbe(Overlap& overlap, std::chrono::milliseconds linger)
      : Probe("FPing"), overlap_(overlap), linger_(linger) {}

 protected:
  std::vector<results::Measurement> measure_(
      std::span<const probes::PingRequest> requests) override {
    std::unique_lock lock(overlap_.mutex);
    overlap_.most = std::max(overlap_.most, ++overlap_.inside);
    overlap_.changed.notify_all();
    overlap_.changed.wait_for(lock, linger_, [&] { return overlap_.most >= 2; });
    --overlap_.inside;
    std::vector<results::Measurement> out;
    for (const auto& r : requests) out.push_back({r.target, 0, r.pings, {}, std::nullopt});
    return out;
  }

 private:
  Overlap& overlap_;
  std::chrono::milliseconds linger_;
};

class NullSink : public ResultSink {
 public:
  void round_done(const config::Config&, const std::string&,
                  std::vector<results::Measurement>) override {}
};

// One --debug round of two FPing instances, `a` and `b`, one target each.
int most_at_once(std::string_view general_extra, std::chrono::milliseconds linger) {
  test::TempConfig dir;
  auto config = test::load(
      dir.write("etc/config",
                dir.config_with(general_extra, "++ a\n++ b\n",
                                "*** Targets ***\nprobe = a\nmenu = Top\ntitle = Top\n"
                                "+ one\nmenu = one\ntitle = one\nprobe = a\nhost = 127.0.0.1\n"
                                "+ two\nmenu = two\ntitle = two\nprobe = b\nhost = 127.0.0.2\n")));
  Overlap overlap;
  NullSink sink;
  SchedulerOptions options;
  options.once = true;
  {
    Scheduler scheduler(
        sink,
        [&](const config::ProbeInstance&) {
          return std::make_unique<MeetingProbe>(overlap, linger);
        },
        options,
        std::make_shared<spdlog::logger>("sched", std::make_shared<spdlog::sinks::null_sink_st>()));
    scheduler.apply(config);
    scheduler.join();
  }
  return overlap.most;
}

TEST(SchedulerConcurrency, ProbesMeasureAtTheSameTimeByDefault) {
  // The wait ends as soon as both are in; the long limit only matters if they never meet.
  EXPECT_EQ(most_at_once("", 30s), 2);
}

TEST(SchedulerConcurrency, ConcurrentProbesNoMakesThemTakeTurns) {
  // Each probe gives up waiting for the other after the limit: it is there only to end the
  // round, the count does not depend on it.
  EXPECT_EQ(most_at_once("concurrentprobes = no\n", 200ms), 1);
}

}  // namespace
}  // namespace smokeping::sched
