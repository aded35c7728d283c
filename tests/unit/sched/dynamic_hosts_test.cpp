// DYNAMIC hosts in the master's rounds: probed at the address in their .adr file, skipped
// without one (their row then says all pings lost), and the uptime is the .adr file's age.
#include "smokeping/sched/dynamic_hosts.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>
#include <mutex>

#include "smokeping/sched/round_requests.hpp"
#include "smokeping/sched/scheduler.hpp"
#include "tests/support/fake_snmp_agent.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::sched {
namespace {

using smokeping::test::TempConfig;

constexpr std::int64_t kNow = 1795627740;

class DynamicHostsTest : public ::testing::Test {
 protected:
  std::shared_ptr<const config::Config> load(const std::string& general_extra = "",
                                             const std::string& home_extra = "") {
    return test::load(tc_.write(
        "etc/config",
        tc_.config_with(general_extra, "",
                        TempConfig::targets_top() +
                            "+ Dyn\nmenu = Dyn\ntitle = Dyn\n"
                            "++ home\nmenu = home\ntitle = home\nhost = DYNAMIC/abcdefgh\n" +
                            home_extra +
                            "++ fixed\nmenu = fixed\ntitle = fixed\nhost = 127.0.0.2\n")));
  }

  // Writes data/Dyn/home.adr (the default dyndir is datadir) with its mtime at `mtime`.
  void write_adr(const std::string& text, std::int64_t mtime = kNow - 600) {
    const std::string file = tc_.write("data/Dyn/home.adr", text);
    struct timespec times[2] = {{static_cast<time_t>(mtime), 0}, {static_cast<time_t>(mtime), 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
  }

  static const config::TargetNode& home(const config::Config& config) {
    return *config.find_target({"Dyn", "home"});
  }

  TempConfig tc_;
};

TEST_F(DynamicHostsTest, IsProbedAtItsReportedAddress) {
  auto config = load();
  write_adr("127.0.0.5\n");
  auto requests = master_requests(*config, "FPing", TargetFilter());
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].target, "Dyn/home");
  EXPECT_EQ(requests[0].host, "127.0.0.5");
  EXPECT_EQ(requests[1].host, "127.0.0.2");
}

TEST_F(DynamicHostsTest, ASlaveNeverProbesThem) {
  auto config = load();
  write_adr("127.0.0.5\n");
  auto requests = master_requests(*config, "FPing", TargetFilter(), false);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "Dyn/fixed");
}

TEST_F(DynamicHostsTest, WithoutAnAddressIsNotProbedButItsProbeStillRuns) {
  auto config = load();
  auto requests = master_requests(*config, "FPing", TargetFilter());
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "Dyn/fixed");
  EXPECT_EQ(probes_in_use(*config, TargetFilter()), std::vector<std::string>{"FPing"});
}

TEST_F(DynamicHostsTest, ADyndirOtherThanDatadirIsWhereTheAddressIs) {
  std::filesystem::create_directories(tc_.path("dyn"));
  auto config = load("dyndir = " + tc_.path("dyn") + "\n");
  write_adr("127.0.0.5\n");  // below datadir: not the place
  EXPECT_EQ(reported_address(config->general, home(*config)), std::nullopt);
  tc_.write("dyn/Dyn/home.adr", "127.0.0.6\n");
  EXPECT_EQ(reported_address(config->general, home(*config)), "127.0.0.6");
}

TEST_F(DynamicHostsTest, AnythingButAnAddressLiteralIsNoAddress) {
  auto config = load();
  for (const char* text : {"", "\n", "host.example\n", "-S127.0.0.1\n", "127.0.0.5 x\n",
                           "127.0.0.5\r\n", "999.1.1.1\n"}) {
    write_adr(text);
    EXPECT_EQ(reported_address(config->general, home(*config)), std::nullopt) << text;
  }
  write_adr("::1");
  EXPECT_EQ(reported_address(config->general, home(*config)), "::1");
}

TEST_F(DynamicHostsTest, WithAnSnmpIdentityTheAddressCountsWhileTheAgentGivesIt) {
  auto config = load();
  write_adr("127.0.0.1\n");
  tc_.write("data/Dyn/home.snmp", "ops@example/gw1/rack7\n");
  auto agent_saying = [](std::string location) {
    return [location](const std::string& request) {
      return test::response(test::request_id_of(request),
                            test::ident_bindings("ops@example", "gw 1", location));
    };
  };
  {
    test::FakeAgent same(agent_saying("rack 7"));
    EXPECT_EQ(reported_address(config->general, home(*config),
                               {same.port(), std::chrono::milliseconds(2000)}),
              "127.0.0.1");
  }
  {
    test::FakeAgent other(agent_saying("somewhere else"));
    EXPECT_EQ(reported_address(config->general, home(*config),
                               {other.port(), std::chrono::milliseconds(2000)}),
              std::nullopt)
        << "someone else has the address now";
  }
  test::FakeAgent silent([](const std::string&) { return std::string(); });
  EXPECT_EQ(reported_address(config->general, home(*config),
                             {silent.port(), std::chrono::milliseconds(20)}),
            std::nullopt);
  EXPECT_EQ(test::requests_seen(silent, 2), 2);
}

TEST_F(DynamicHostsTest, UptimeIsTheAgeOfTheAddressFile) {
  auto config = load();
  EXPECT_EQ(address_age(config->general, home(*config), kNow), std::nullopt);
  write_adr("127.0.0.5\n", kNow - 4321);
  EXPECT_EQ(address_age(config->general, home(*config), kNow), 4321);
}

TEST_F(DynamicHostsTest, CompletedRoundCarriesUptimeOfAnsweredHost) {
  auto config = load();
  write_adr("127.0.0.5\n", kNow - 900);
  std::vector<results::Measurement> ms{
      {"Dyn/home", kNow, 20, {std::chrono::milliseconds(1)}, std::nullopt},
      {"Dyn/fixed", kNow, 20, {std::chrono::milliseconds(2)}, std::nullopt}};
  complete_dynamic_round(*config, "FPing", TargetFilter(), ms, kNow);
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].uptime, 900);
  EXPECT_EQ(ms[1].uptime, std::nullopt) << "an ordinary host has no uptime";
  EXPECT_EQ(results::update_string(ms[0]).substr(0, 7), "900:19:");
}

TEST_F(DynamicHostsTest, CompletedRoundGivesUnprobedHostARowOfLosses) {
  auto config = load();
  std::vector<results::Measurement> ms;
  complete_dynamic_round(*config, "FPing", TargetFilter(), ms, kNow);
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0], (results::Measurement{"Dyn/home", kNow, 20, {}, std::nullopt}));
  EXPECT_EQ(results::update_string(ms[0]).substr(0, 7), "U:20:U:");
}

TEST_F(DynamicHostsTest, CompletedRoundLeavesOutWhatTheMasterDoesNotPoll) {
  auto config = load("", "nomasterpoll = yes\n");
  std::vector<results::Measurement> ms;
  complete_dynamic_round(*config, "FPing", TargetFilter(), ms, kNow);
  EXPECT_TRUE(ms.empty()) << "nomasterpoll";
  config = load();
  complete_dynamic_round(*config, "FPing", TargetFilter({"/Dyn/fixed"}), ms, kNow);
  EXPECT_TRUE(ms.empty()) << "filtered out";
  complete_dynamic_round(*config, "OtherProbe", TargetFilter(), ms, kNow);
  EXPECT_TRUE(ms.empty()) << "another probe's round";
}

// Answers every request with one reply and remembers the hosts it was asked to ping.
class AnsweringProbe : public probes::Probe {
 public:
  explicit AnsweringProbe(std::vector<std::string>& hosts) : Probe("FPing"), hosts_(hosts) {}

 protected:
  std::vector<results::Measurement> measure_(
      std::span<const probes::PingRequest> requests) override {
    std::vector<results::Measurement> out;
    for (const auto& r : requests) {
      hosts_.push_back(r.host);
      out.push_back({r.target, 0, r.pings, {std::chrono::milliseconds(1)}, std::nullopt});
    }
    return out;
  }

 private:
  std::vector<std::string>& hosts_;
};

class RecordingSink : public ResultSink {
 public:
  std::mutex mutex;
  std::vector<results::Measurement> measurements;
  void round_done(const config::Config&, const std::string&,
                  std::vector<results::Measurement> ms) override {
    std::lock_guard lock(mutex);
    measurements.insert(measurements.end(), ms.begin(), ms.end());
  }
};

std::vector<results::Measurement> run_once(const std::shared_ptr<const config::Config>& config,
                                           std::vector<std::string>& hosts,
                                           bool dynamic_hosts = true) {
  RecordingSink sink;
  SchedulerOptions options;
  options.once = true;
  options.dynamic_hosts = dynamic_hosts;
  Scheduler scheduler(
      sink, [&](const config::ProbeInstance&) { return std::make_unique<AnsweringProbe>(hosts); },
      options,
      std::make_shared<spdlog::logger>("sched", std::make_shared<spdlog::sinks::null_sink_st>()));
  scheduler.apply(config);
  scheduler.join();
  return sink.measurements;
}

TEST_F(DynamicHostsTest, SchedulerProbesTheReportedAddressAndStoresItsUptime) {
  auto config = load();
  write_adr("127.0.0.5\n", 1000000000);
  std::vector<std::string> hosts;
  auto ms = run_once(config, hosts);
  EXPECT_EQ(hosts, (std::vector<std::string>{"127.0.0.5", "127.0.0.2"}));
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].target, "Dyn/home");
  ASSERT_TRUE(ms[0].uptime.has_value());
  EXPECT_EQ(*ms[0].uptime, ms[0].time - 1000000000);
}

TEST_F(DynamicHostsTest, SchedulerOfASlaveLeavesThemToItsSink) {
  auto config = load();
  write_adr("127.0.0.5\n", 1000000000);
  std::vector<std::string> hosts;
  auto ms = run_once(config, hosts, false);
  EXPECT_EQ(hosts, std::vector<std::string>{"127.0.0.2"});
  ASSERT_EQ(ms.size(), 1u) << "the slave's sink writes 'no answers' for the others";
  EXPECT_EQ(ms[0].target, "Dyn/fixed");
}

TEST_F(DynamicHostsTest, SchedulerStoresLossesForAHostWithoutAddressEvenWhenNothingIsProbed) {
  // Only the DYNAMIC host: its probe has nothing to ping, yet the row is written.
  auto config = test::load(tc_.write(
      "etc/config", tc_.config(TempConfig::targets_top() + "+ home\nmenu = home\ntitle = home\n"
                                                           "host = DYNAMIC/abcdefgh\n")));
  std::vector<std::string> hosts;
  auto ms = run_once(config, hosts);
  EXPECT_TRUE(hosts.empty());
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].target, "home");
  EXPECT_TRUE(ms[0].rtts.empty());
}

}  // namespace
}  // namespace smokeping::sched
