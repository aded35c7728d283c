// HealthSink between the scheduler and a fake store: what the health file says after rounds.
#include "smokeping/daemon/health_sink.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "smokeping/protocol/slave_cache.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::daemon {
namespace {

// Takes the slave cache files as MasterStore does, and counts the rounds it got.
class TakingSink : public sched::ResultSink {
 public:
  int rounds = 0, stats = 0;
  void round_done(const config::Config& config, const std::string&,
                  std::vector<results::Measurement>) override {
    ++rounds;
    const std::string dir = protocol::slave_cache_dir(config.general);
    config.for_each_host([&](const config::TargetNode& node) {
      for (const auto& s : node.slaves)
        protocol::take_slave_cache(protocol::slave_cache_file(dir, "/" + node.rel_path(), s));
    });
  }
  void round_stats(const sched::RoundStats&) override { ++stats; }
};

struct HealthSinkTest : ::testing::Test {
  test::TempConfig dir;
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "health", std::make_shared<spdlog::sinks::ostream_sink_st>(out));

  // `more_probes` after `+ FPing`; `probe` is the targets' probe.
  std::shared_ptr<const config::Config> load(std::string_view more_probes = "",
                                             const std::string& probe = "FPing") {
    std::string top = test::TempConfig::targets_top();
    top.replace(top.find("probe = FPing"), 13, "probe = " + probe);
    std::string slaves = "*** Slaves ***\nsecrets = " + dir.path("secrets") +
                         "\n+ boomer\ndisplay_name = boomer\ncolor = ff0000\n";
    std::string file = dir.write(
        "etc/config", dir.head() + dir.probes(more_probes) + slaves + top +
                          "+ t1\nmenu = t1\ntitle = t1\nhost = 127.0.0.1\nslaves = boomer\n");
    return test::load(file);
  }
  protocol::Health written() {
    protocol::HealthRead read = protocol::read_health_file(dir.path("data/.smokeping-health"));
    EXPECT_TRUE(read.health) << read.error << out.str();
    return read.health.value_or(protocol::Health{});
  }
};

TEST_F(HealthSinkTest, WritesEachRoundsTimeAndCountsOverruns) {
  auto config = load();
  TakingSink inner;
  HealthSink sink(inner, log, 4711, 1000);
  sink.round_done(*config, "FPing", {});
  sink.round_stats({"FPing", 2000, 4, 1, 300, false});
  sink.round_done(*config, "FPing", {});
  sink.round_stats({"FPing", 2300, 310, 1, 300, true});
  EXPECT_EQ(inner.rounds, 2);
  EXPECT_EQ(inner.stats, 2);

  protocol::Health h = written();
  EXPECT_EQ(h.pid, 4711);
  EXPECT_EQ(h.started, 1000);
  ASSERT_EQ(h.probes.size(), 1u);
  EXPECT_EQ(h.probes[0].name, "FPing");
  EXPECT_EQ(h.probes[0].last_start, 2300);
  EXPECT_EQ(h.probes[0].last_seconds, 310);
  EXPECT_EQ(h.probes[0].rounds, 2);
  EXPECT_EQ(h.probes[0].overruns, 1);
  EXPECT_EQ(h.probes[0].step, 300);
}

TEST_F(HealthSinkTest, CountsTheSlaveRowsTheRoundMergedAndWhatStillWaits) {
  auto config = load();
  TakingSink inner;
  HealthSink sink(inner, log, 1, 1);
  const std::string file = protocol::slave_cache_file(dir.path("data"), "/t1", "boomer");
  std::vector<protocol::SlaveCacheEntry> rows = {{"boomer", "100", "U:0:1e-3"},
                                                 {"boomer", "110", "U:0:2e-3"}};
  protocol::append_slave_cache(file, rows);
  sink.round_done(*config, "FPing", {});
  sink.round_stats({"FPing", 2000, 1, 1, 300, false});
  protocol::Health h = written();
  ASSERT_EQ(h.slaves.size(), 1u);
  EXPECT_EQ(h.slaves[0].name, "boomer");
  EXPECT_EQ(h.slaves[0].rows_merged, 2);
  EXPECT_GT(h.slaves[0].last_merge, 0);
  EXPECT_EQ(h.slaves[0].backlog_files, 0);  // the store took them

  // A round of another probe merges nothing of t1's: its file stays waiting.
  protocol::append_slave_cache(file, {rows.data(), 1});
  sink.round_done(*config, "DNS", {});
  sink.round_stats({"DNS", 2010, 0, 0, 300, false});
  h = written();
  EXPECT_EQ(h.slaves[0].rows_merged, 2);
  EXPECT_EQ(h.probes.size(), 2u);
}

TEST_F(HealthSinkTest, AnUnwritableDirectoryIsLoggedOnceAndRoundsGoOn) {
  auto config = load();
  std::filesystem::remove_all(dir.path("data"));
  TakingSink inner;
  HealthSink sink(inner, log, 1, 1);
  for (int i = 0; i < 3; ++i) {
    sink.round_done(*config, "FPing", {});
    sink.round_stats({"FPing", 2000 + i, 1, 1, 300, false});
  }
  EXPECT_EQ(inner.rounds, 3);
  std::string text = out.str();
  ASSERT_NE(text.find("health file not written"), std::string::npos);
  EXPECT_EQ(text.find("health file not written"), text.rfind("health file not written"));
  EXPECT_EQ(sink.snapshot().probes[0].rounds, 3);
}

TEST_F(HealthSinkTest, AProbeRemovedAtReloadLeavesTheFile) {
  auto before = load("++ FPingSlow\nmininterval = 1\n", "FPingSlow");
  ASSERT_TRUE(std::any_of(before->probes.begin(), before->probes.end(),
                          [](const auto& p) { return p.name == "FPingSlow"; }));
  TakingSink inner;
  HealthSink sink(inner, log, 1, 1);
  sink.round_done(*before, "FPingSlow", {});
  sink.round_stats({"FPingSlow", 2000, 1, 1, 300, false});
  ASSERT_EQ(written().probes.size(), 1u);

  auto after = load();
  sink.round_done(*after, "FPing", {});
  sink.round_stats({"FPing", 2300, 1, 1, 300, false});
  protocol::Health h = written();
  ASSERT_EQ(h.probes.size(), 1u);
  EXPECT_EQ(h.probes[0].name, "FPing");
}

}  // namespace
}  // namespace smokeping::daemon
