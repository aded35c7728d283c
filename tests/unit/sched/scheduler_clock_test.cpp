// Rounds keep coming when the wall clock steps: back (NTP correcting a clock that ran ahead)
// or forward (a VM resumed, a machine woken from sleep).
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

#include "smokeping/sched/scheduler.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::sched {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

constexpr std::int64_t kEpoch = 1'800'000'000;  // a whole number of 300 s steps
constexpr std::int64_t kTick = 5;               // simulated seconds per clock read once moving

// A wall clock that stands at kEpoch until its `jump_on_read`-th read, where it jumps by
// `jump` and from then on moves kTick seconds per read: the worker is sure to be waiting
// for its first round when the jump happens.
class SteppingClock {
 public:
  SteppingClock(int jump_on_read, std::int64_t jump) : jump_on_read_(jump_on_read), jump_(jump) {}
  system_clock::time_point operator()() {
    std::lock_guard lock(mutex_);
    ++reads_;
    if (reads_ == jump_on_read_) {
      now_ += jump_;
      moving_ = true;
    } else if (moving_) {
      now_ += kTick;
    }
    return system_clock::time_point(seconds(now_));
  }

 private:
  std::mutex mutex_;
  int reads_ = 0;
  int jump_on_read_;
  std::int64_t jump_;
  std::int64_t now_ = kEpoch;
  bool moving_ = false;
};

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

class FirstRoundSink : public ResultSink {
 public:
  void round_done(const config::Config&, const std::string&,
                  std::vector<results::Measurement>) override {}
  void round_stats(const RoundStats& s) override {
    std::lock_guard lock(mutex_);
    if (!first_) first_ = s;
    changed_.notify_all();
  }
  // The first round's stats, or nothing when none came within a (generous) real-time bound.
  std::optional<RoundStats> first_round() {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(30), [&] { return first_.has_value(); });
    return first_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<RoundStats> first_;
};

// Runs the scheduler on `clock` until its first round and returns that round's stats.
std::optional<RoundStats> first_round_with(std::shared_ptr<SteppingClock> clock) {
  test::TempConfig dir;
  auto config = test::load(
      dir.write("etc/config", dir.config(test::TempConfig::targets_top() +
                                         "+ a\nmenu = a\ntitle = a\nhost = 127.0.0.1\n")));
  FirstRoundSink sink;
  SchedulerOptions options;
  SchedulerClock simulated;
  simulated.wall_clock = [clock] { return (*clock)(); };
  simulated.wait_slice = std::chrono::milliseconds(1);
  Scheduler scheduler(
      sink, [](const config::ProbeInstance&) { return std::make_unique<AnsweringProbe>(); },
      options,
      std::make_shared<spdlog::logger>("sched", std::make_shared<spdlog::sinks::null_sink_st>()),
      simulated);
  scheduler.apply(config);
  return sink.first_round();  // the scheduler stops as it goes out of scope
}

TEST(SchedulerClock, SteadyClockStartsTheFirstRoundWithinOneStep) {
  // Read 1 plans the round, read 2 waits: from read 3 on the clock just moves.
  auto round = first_round_with(std::make_shared<SteppingClock>(3, 0));
  ASSERT_TRUE(round);
  EXPECT_EQ(round->step, 300);
  EXPECT_GT(round->start, kEpoch);
  EXPECT_LE(round->start, kEpoch + round->step);
}

TEST(SchedulerClock, ClockSteppedBackAnHourStillStartsARoundWithinOneStep) {
  auto round = first_round_with(std::make_shared<SteppingClock>(3, -3600));
  ASSERT_TRUE(round) << "no round within 30 s of real time";
  EXPECT_GT(round->start, kEpoch - 3600);
  EXPECT_LE(round->start, kEpoch - 3600 + round->step);
}

TEST(SchedulerClock, ClockJumpedForwardStartsTheOverdueRoundNow) {
  auto round = first_round_with(std::make_shared<SteppingClock>(3, 7200));
  ASSERT_TRUE(round);
  // Not at the old plan (at most kEpoch + step), but when the jump was seen.
  EXPECT_GE(round->start, kEpoch + 7200);
  EXPECT_LT(round->start, kEpoch + 7200 + round->step);
}

}  // namespace
}  // namespace smokeping::sched
