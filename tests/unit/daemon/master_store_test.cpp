// MasterStore against real files: what happens to a round whose RRD is missing.
#include "smokeping/daemon/master_store.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "smokeping/protocol/slave_cache.hpp"
#include "smokeping/results/measurement.hpp"
#include "tests/support/temp_config.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace smokeping::daemon {
namespace {

struct MasterStoreTest : ::testing::Test {
  test::TempConfig dir;
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "store", std::make_shared<spdlog::sinks::ostream_sink_st>(out));

  std::shared_ptr<const config::Config> load() {
    std::string file = dir.write(
        "etc/config", dir.general() +
                          test::TempConfig::database("step = 60\npings = 3\nAVERAGE 0.5 1 100\n") +
                          dir.presentation() + dir.probes() + test::TempConfig::targets_top() +
                          "+ t1\nmenu = t1\ntitle = t1\nhost = 127.0.0.1\n");
    return test::load(file);
  }

  static results::Measurement measured(std::int64_t time) {
    return {"t1", time, 3, {std::chrono::microseconds(100), std::chrono::microseconds(200)}, {}};
  }
};

std::int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_F(MasterStoreTest, RoundRecreatesAnRrdThatWentMissingAndWritesItsRow) {
  auto config = load();
  MasterStore store(log, false);
  store.prepare(*config, sched::TargetFilter());
  const std::string rrd = dir.path("data/t1.rrd");
  ASSERT_TRUE(std::filesystem::exists(rrd)) << out.str();
  std::filesystem::remove(rrd);  // a create that failed on a full disk leaves the same state

  const std::int64_t t = now() + 5;
  store.round_done(*config, "FPing", {measured(t)});
  ASSERT_TRUE(std::filesystem::exists(rrd)) << out.str();
  EXPECT_EQ(store::test::rrd_info_lines(rrd)["last_update"], std::to_string(t));
  EXPECT_EQ(out.str().find("rrd update failed"), std::string::npos) << out.str();
}

struct MasterStoreSlaveTest : MasterStoreTest {
  std::shared_ptr<const config::Config> load_with_slave() {
    std::string slaves = "*** Slaves ***\nsecrets = " + dir.path("secrets") +
                         "\n+ boomer\ndisplay_name = boomer\ncolor = ff0000\n";
    std::string file = dir.write(
        "etc/config",
        dir.general() + test::TempConfig::database("step = 60\npings = 3\nAVERAGE 0.5 1 100\n") +
            dir.presentation() + dir.probes() + slaves + test::TempConfig::targets_top() +
            "+ t1\nmenu = t1\ntitle = t1\nhost = 127.0.0.1\nslaves = boomer\n");
    return test::load(file);
  }
  std::string cache() const {
    return protocol::slave_cache_file(dir.path("data"), "/t1", "boomer");
  }
  static protocol::SlaveCacheEntry row(std::int64_t time) {
    return {"boomer", std::to_string(time), "U:0:1e-04:1e-04:1e-04:1e-04"};
  }
  // What a daemon killed between the take and its confirmation leaves.
  void leave_taking(const std::vector<protocol::SlaveCacheEntry>& rows) const {
    std::ofstream(protocol::taking_file(cache()), std::ios::binary)
        << protocol::encode_slave_cache(rows);
  }
};

TEST_F(MasterStoreSlaveTest, RowsOfAnUnconfirmedTakeAreStoredBeforeTheNewOnes) {
  auto config = load_with_slave();
  MasterStore store(log, false);
  store.prepare(*config, sched::TargetFilter());
  const std::string rrd = dir.path("data/t1~boomer.rrd");
  ASSERT_TRUE(std::filesystem::exists(rrd)) << out.str();
  const std::int64_t t = now() + 5;
  leave_taking({row(t)});
  std::vector<protocol::SlaveCacheEntry> fresh{row(t + 60)};
  ASSERT_EQ(protocol::append_slave_cache(cache(), fresh).status,
            protocol::CacheWrite::Status::stored);
  store.round_done(*config, "FPing", {});
  EXPECT_EQ(store::test::rrd_info_lines(rrd)["last_update"], std::to_string(t + 60));
  // Had the replayed row come after the new one, librrd would have refused it.
  EXPECT_EQ(out.str().find("rrd update failed"), std::string::npos) << out.str();
  EXPECT_FALSE(std::filesystem::exists(protocol::taking_file(cache())));
  EXPECT_FALSE(std::filesystem::exists(cache()));
}

TEST_F(MasterStoreSlaveTest, ReplayedRowsTheRrdHasAlreadyAreNotLoggedAsFailures) {
  auto config = load_with_slave();
  MasterStore store(log, false);
  store.prepare(*config, sched::TargetFilter());
  const std::int64_t t = now() + 5;
  std::vector<protocol::SlaveCacheEntry> first{row(t)};
  ASSERT_EQ(protocol::append_slave_cache(cache(), first).status,
            protocol::CacheWrite::Status::stored);
  store.round_done(*config, "FPing", {});
  leave_taking(first);  // stored, then killed before the confirmation
  store.round_done(*config, "FPing", {});
  EXPECT_EQ(out.str().find("rrd update failed"), std::string::npos) << out.str();
  EXPECT_FALSE(std::filesystem::exists(protocol::taking_file(cache())));
  // A row that is not a replay still warns when librrd refuses it.
  ASSERT_EQ(protocol::append_slave_cache(cache(), first).status,
            protocol::CacheWrite::Status::stored);
  store.round_done(*config, "FPing", {});
  EXPECT_NE(out.str().find("rrd update failed"), std::string::npos) << out.str();
}

TEST_F(MasterStoreSlaveTest, AReplayedRowTheRrdCannotTakeForAnotherReasonIsAWarning) {
  auto config = load_with_slave();
  MasterStore store(log, false);
  store.prepare(*config, sched::TargetFilter());
  // A broken file (the tests run as root, so a read-only one would still be written).
  std::ofstream(dir.path("data/t1~boomer.rrd"), std::ios::trunc) << "not an RRD file\n";
  leave_taking({row(now() + 5)});
  store.round_done(*config, "FPing", {});
  EXPECT_NE(out.str().find("[warning] rrd update failed"), std::string::npos) << out.str();
}

// Records the bodies the writer posts.
class RecordingTransport : public exports::Transport {
 public:
  explicit RecordingTransport(std::shared_ptr<std::vector<std::string>> bodies)
      : bodies_(std::move(bodies)) {}
  exports::PostResult post(const exports::Destination&, const std::string& body,
                           const std::atomic<bool>&) override {
    std::lock_guard lock(mutex_);
    bodies_->push_back(body);
    return {exports::PostResult::Status::ok, 204, ""};
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<std::vector<std::string>> bodies_;
};

TEST_F(MasterStoreSlaveTest, OnlyRowsTheRrdTookGoToInfluxDb) {
  auto config = load_with_slave();
  auto bodies = std::make_shared<std::vector<std::string>>();
  exports::InfluxWriter influx(log, std::make_unique<RecordingTransport>(bodies));
  exports::Destination to;
  to.url = "http://127.0.0.1:9/write?db=x";  // never dialled: the transport is a fake
  influx.configure(to);
  MasterStore store(log, false);
  store.set_influx(&influx);
  store.prepare(*config, sched::TargetFilter());
  const std::int64_t t = now() + 5;
  std::vector<protocol::SlaveCacheEntry> first{row(t)};
  ASSERT_EQ(protocol::append_slave_cache(cache(), first).status,
            protocol::CacheWrite::Status::stored);
  store.round_done(*config, "FPing", {});
  // The same row again: librrd refuses it as not newer.
  ASSERT_EQ(protocol::append_slave_cache(cache(), first).status,
            protocol::CacheWrite::Status::stored);
  store.round_done(*config, "FPing", {});
  ASSERT_NE(out.str().find("rrd update failed"), std::string::npos) << out.str();
  influx.stop(std::chrono::seconds(5));  // sends what is queued, then the bodies are still

  std::size_t points = 0;
  for (const auto& body : *bodies) {
    for (std::size_t at = body.find("slave=boomer"); at != std::string::npos;
         at = body.find("slave=boomer", at + 1))
      ++points;
  }
  EXPECT_EQ(points, 1u) << out.str();
}

}  // namespace
}  // namespace smokeping::daemon
