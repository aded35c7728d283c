// The fork-style probes' pool: at most `forks` targets at once, a slow target never holds up
// the others, and each target's budget is the original's kill timer.
#include "src/probes/forked_probe.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <functional>
#include <mutex>

#include "forked_test_support.hpp"

namespace {

using smokeping::probes::ForkedProbe;
using smokeping::probes::PingRequest;
using smokeping::probes::ProbeError;
using smokeping::probes::TargetJob;
using smokeping::probes::testing::probe_instance;
using smokeping::probes::testing::SharedLog;
using smokeping::results::Rtt;

constexpr auto kGuard = std::chrono::seconds(20);  // only reached when the pool misbehaves

class FakeProbe final : public ForkedProbe {
 public:
  using Ping = std::function<std::vector<Rtt>(const TargetJob&)>;
  FakeProbe(const std::map<std::string, std::string>& vars, Ping ping,
            std::shared_ptr<spdlog::logger> log = nullptr)
      : ForkedProbe(probe_instance("TCPPing", vars), std::move(log), {}), ping_(std::move(ping)) {}

 protected:
  std::vector<Rtt> ping_target(const TargetJob& job) override { return ping_(job); }

 private:
  Ping ping_;
};

std::vector<PingRequest> requests(int n, int pings = 2) {
  std::vector<PingRequest> out;
  for (int i = 0; i < n; ++i) out.push_back({"t" + std::to_string(i), "h", pings, nullptr});
  return out;
}

TEST(ForkedProbe, NoMoreThanForksTargetsRunAtOnce) {
  std::mutex m;
  std::condition_variable cv;
  int active = 0, max_active = 0, arrived = 0;
  FakeProbe probe({{"forks", "3"}}, [&](const TargetJob&) {
    std::unique_lock lock(m);
    max_active = std::max(max_active, ++active);
    ++arrived;
    cv.notify_all();
    // The first three wait for each other, so three do run together.
    cv.wait_for(lock, kGuard, [&] { return arrived >= 3; });
    --active;
    return std::vector<Rtt>{Rtt(1000)};
  });
  auto out = probe.measure(requests(9));
  EXPECT_EQ(max_active, 3);
  ASSERT_EQ(out.size(), 9u);
  for (const auto& m : out) EXPECT_EQ(m.rtts.size(), 1u);
}

TEST(ForkedProbe, ASlowTargetDoesNotHoldUpTheOthers) {
  std::mutex m;
  std::condition_variable cv;
  int fast_done = 0;
  bool slow_saw_all = false;
  FakeProbe probe({{"forks", "2"}}, [&](const TargetJob& job) {
    std::unique_lock lock(m);
    if (job.request.target == "t0") {
      // The original's batches would start t2..t5 only after t0: this would wait in vain.
      slow_saw_all = cv.wait_for(lock, kGuard, [&] { return fast_done == 5; });
    } else {
      ++fast_done;
      cv.notify_all();
    }
    return std::vector<Rtt>{};
  });
  probe.measure(requests(6));
  EXPECT_TRUE(slow_saw_all);
}

TEST(ForkedProbe, EachTargetGetsPingsTimesTimeoutPlusOneSecond) {
  std::chrono::steady_clock::duration budget{};
  FakeProbe probe({{"timeout", "2"}}, [&](const TargetJob& job) {
    budget = job.deadline - std::chrono::steady_clock::now();
    return std::vector<Rtt>{};
  });
  probe.measure(requests(1, 3));
  EXPECT_GT(budget, std::chrono::milliseconds(6500));
  EXPECT_LE(budget, std::chrono::milliseconds(7000));
}

TEST(ForkedProbe, ResultsKeepRequestOrderAndNeverExceedPings) {
  FakeProbe probe({{"forks", "4"}}, [](const TargetJob& job) {
    return std::vector<Rtt>(5, Rtt(std::stoi(job.request.target.substr(1)) + 1));
  });
  auto out = probe.measure(requests(6, 2));
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(out[i].target, "t" + std::to_string(i));
    EXPECT_EQ(out[i].pings, 2);
    EXPECT_EQ(out[i].rtts, std::vector<Rtt>(2, Rtt(i + 1)));
  }
}

TEST(ForkedProbe, AFailingTargetIsLostAndLogged) {
  SharedLog log;
  FakeProbe probe(
      {}, [](const TargetJob&) -> std::vector<Rtt> { throw std::runtime_error("boom"); }, log.log);
  auto out = probe.measure(requests(1));
  EXPECT_TRUE(out[0].rtts.empty());
  EXPECT_NE(log.text().find("probe failed target=t0 host=h error=boom"), std::string::npos);
}

TEST(ForkedProbe, ANonNumericForksIsRefused) {
  EXPECT_THROW(FakeProbe({{"forks", "many"}}, nullptr), ProbeError);
}

}  // namespace
