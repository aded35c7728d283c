// The engine's own rules beyond single patterns: priorities, slaves, recipients, the history
// kept, and the state carried over a restart.
#include "smokeping/alerts/engine.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "smokeping/alerts/state_file.hpp"

namespace smokeping::alerts {
namespace {

std::shared_ptr<spdlog::logger> quiet() {
  return std::make_shared<spdlog::logger>("alerts",
                                          std::make_shared<spdlog::sinks::null_sink_mt>());
}

config::Alert loss_alert(std::string name, std::string pattern, bool edge = false,
                         std::optional<int> priority = std::nullopt) {
  config::Alert a;
  a.name = std::move(name);
  a.pattern = std::move(pattern);
  a.type = config::AlertType::loss;
  a.classic = config::parse_classic_pattern(a.name, a.type, a.pattern);
  a.edgetrigger = edge;
  a.priority = priority;
  a.comment = "comment of " + a.name;
  return a;
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sp-alerts-engine-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ / "Net");
    config_.general.datadir = dir_.string();
    config_.general.cgiurl = "http://127.0.0.1/smokeping.cgi";
    config_.alerts = config::Alerts{};
    config_.alerts->to = "ops@example.org";
    config_.alerts->from = "smokeping@example.org";
    node_.name = "Router";
    node_.path = {"Net", "Router"};
    node_.kind = config::TargetNode::Kind::host;
    node_.host = "127.0.0.2";
    node_.pings = 10;
    node_.step = 300;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void add(const config::Alert& a) {
    config_.alerts->alerts.push_back(a);
    node_.alerts.push_back(a.name);
  }

  std::vector<Event> round(Engine& engine, std::string loss, std::string slave = "") {
    time_ += 300;
    Observation row{std::move(slave), time_, std::move(loss), "0.01"};
    return engine.observe(config_, node_, std::span(&row, 1), time_);
  }

  std::filesystem::path dir_;
  config::Config config_;
  config::TargetNode node_;
  std::int64_t time_ = 1'700'000'000;
};

TEST_F(EngineTest, OncePrioritizedAlertFiredTheOtherPrioritizedOnesStayQuiet) {
  add(loss_alert("second", ">0%", false, 2));
  add(loss_alert("first", ">0%", false, 1));
  add(loss_alert("always", ">0%"));
  Engine engine(quiet(), false);
  auto events = round(engine, "3");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].alert, "always");  // no priority sorts as 0, first
  EXPECT_EQ(events[1].alert, "first");
}

TEST_F(EngineTest, SlaveDataIsJudgedOnItsOwnHistoryAndNamedInTheLine) {
  add(loss_alert("lossy", ">0%,>0%"));
  Engine engine(quiet(), false);
  EXPECT_TRUE(round(engine, "2").empty());
  EXPECT_TRUE(round(engine, "2", "boomer").empty());  // the slave's first round
  auto master = round(engine, "2");
  ASSERT_EQ(master.size(), 1u);
  EXPECT_EQ(master[0].line, "Net.Router");
  auto slave = round(engine, "2", "boomer");
  ASSERT_EQ(slave.size(), 1u);
  EXPECT_EQ(slave[0].line, "Net.Router [from boomer]");
  EXPECT_EQ(slave[0].url, "http://127.0.0.1/smokeping.cgi?target=Net.Router");
}

TEST_F(EngineTest, RecipientsComeFromAlertsToAlerteeAndTheAlertInThatOrder) {
  auto a = loss_alert("lossy", ">0%");
  a.to = "|/usr/local/bin/page, night@example.org";
  add(a);
  node_.alertee = "owner@example.org ,snpp:1234";
  Engine engine(quiet(), false);
  auto events = round(engine, "1");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].recipients,
            (std::vector<std::string>{"ops@example.org", "owner@example.org", "snpp:1234",
                                      "|/usr/local/bin/page", "night@example.org"}));
  // One round is all `>0%` needs, so the start marker is already gone.
  EXPECT_EQ(events[0].loss, "loss: 10%");
  EXPECT_EQ(events[0].rtt, "rtt: 10ms");
  EXPECT_EQ(events[0].host, "127.0.0.2");
  EXPECT_EQ(events[0].comment, "comment of lossy");
}

TEST_F(EngineTest, NodeWithoutAlertsKeepsNoState) {
  Engine engine(quiet(), true);
  EXPECT_TRUE(round(engine, "10").empty());
  EXPECT_EQ(engine.state("Net/Router", ""), nullptr);
  EXPECT_FALSE(std::filesystem::exists(state_file_path(dir_.string(), "Net/Router")));
}

TEST_F(EngineTest, HistoryIsTrimmedToTheLongestPattern) {
  add(loss_alert("short", ">0%"));
  add(loss_alert("long", ">0%,*2*,>0%"));  // max length 4
  Engine engine(quiet(), false);
  for (int i = 0; i < 10; ++i) round(engine, "1");
  EXPECT_EQ(engine.state("Net/Router", "")->history.loss.size(), 4u);
}

TEST_F(EngineTest, CountsOfAlertsTheNodeNoLongerHasAreDropped) {
  add(loss_alert("kept", ">0%"));
  add(loss_alert("removed", ">0%"));
  Engine engine(quiet(), false);
  round(engine, "1");
  EXPECT_EQ(engine.state("Net/Router", "")->prevmatch.size(), 2u);
  node_.alerts = {"kept"};  // a reload took `removed` off this node
  round(engine, "1");
  EXPECT_EQ(engine.state("Net/Router", "")->prevmatch, (std::map<std::string, long>{{"kept", 2}}));
}

TEST_F(EngineTest, RestartedEngineDoesNotRepeatAnEdgeAlreadySent) {
  add(loss_alert("edge", ">0%", true));
  {
    Engine engine(quiet(), true);
    ASSERT_EQ(round(engine, "5").size(), 1u);  // raised
  }
  Engine restarted(quiet(), true);
  EXPECT_TRUE(round(restarted, "5").empty());  // still raised: nothing to say
  auto cleared = round(restarted, "0");
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].what, "was cleared");
}

TEST_F(EngineTest, RestartedEngineContinuesAPendingPattern) {
  add(loss_alert("three", ">0%,>0%,>0%"));
  {
    Engine engine(quiet(), true);
    EXPECT_TRUE(round(engine, "1").empty());
    EXPECT_TRUE(round(engine, "1").empty());
  }
  Engine restarted(quiet(), true);
  EXPECT_EQ(round(restarted, "1").size(), 1u);
}

TEST_F(EngineTest, AfterALongPauseTheHistoryStartsAfresh) {
  add(loss_alert("edge", "==*,>0%", true));
  {
    Engine engine(quiet(), true);
    ASSERT_EQ(round(engine, "5").size(), 1u);
  }
  time_ += 10 * 300;  // ten steps without rounds
  Engine restarted(quiet(), true);
  auto events = round(restarted, "5");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].what, "was raised");
  EXPECT_EQ(events[0].loss, "loss: S, 50%");
}

TEST_F(EngineTest, DamagedStateFileIsIgnored) {
  add(loss_alert("edge", "==*,>0%", true));
  std::ofstream(state_file_path(dir_.string(), "Net/Router"))
      << "smokeping-alertstate 1\nsource\t\t12";
  Engine engine(quiet(), true);
  auto events = round(engine, "5");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].loss, "loss: S, 50%");
}

}  // namespace
}  // namespace smokeping::alerts
