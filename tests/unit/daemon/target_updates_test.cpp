// The master's merge of slave data: which cache files are read, and the order of the rows.
#include "smokeping/daemon/target_updates.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace {

using smokeping::config::TargetNode;
using smokeping::daemon::TargetUpdate;
using smokeping::protocol::CacheTake;
using smokeping::protocol::SlaveCacheEntry;

TargetNode host_node(std::vector<std::string> slaves) {
  TargetNode node;
  node.name = "h1";
  node.path = {"Europe", "h1"};
  node.kind = TargetNode::Kind::host;
  node.host = "127.0.0.1";
  node.slaves = std::move(slaves);
  return node;
}

CacheTake taken(std::vector<SlaveCacheEntry> entries) {
  CacheTake t;
  t.status = CacheTake::Status::taken;
  t.entries = std::move(entries);
  return t;
}

struct Logged {
  std::ostringstream text;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(text));
};

TEST(TargetUpdates, SortsMasterAndSlaveRowsByTimeMasterFirstOnTies) {
  std::map<std::string, CacheTake> files;
  files["/d//Europe/h1.a.slave_cache"] = taken({{"a", "300", "U:0:1"}, {"a", "100", "U:0:2"}});
  files["/d//Europe/h1.b.slave_cache"] = taken({{"b", "200", "U:0:3"}});
  std::vector<std::string> asked;
  auto take = [&](const std::string& f) {
    asked.push_back(f);
    auto it = files.find(f);
    return it == files.end() ? CacheTake() : it->second;
  };
  Logged logged;
  auto rows = smokeping::daemon::target_updates(
      host_node({"a", "b"}), TargetUpdate{"", 300, "U:0:m"}, "/d", take, *logged.log);
  std::vector<TargetUpdate> expected{
      {"a", 100, "U:0:2"}, {"b", 200, "U:0:3"}, {"", 300, "U:0:m"}, {"a", 300, "U:0:1"}};
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(asked, (std::vector<std::string>{"/d//Europe/h1.a.slave_cache",
                                             "/d//Europe/h1.b.slave_cache"}));
}

TEST(TargetUpdates, ReadsOnlyTheListedSlavesFiles) {
  std::vector<std::string> asked;
  auto take = [&](const std::string& f) {
    asked.push_back(f);
    return CacheTake{};
  };
  Logged logged;
  auto rows =
      smokeping::daemon::target_updates(host_node({}), std::nullopt, "/d", take, *logged.log);
  EXPECT_TRUE(rows.empty());
  EXPECT_TRUE(asked.empty());
}

TEST(TargetUpdates, DropsEntriesWithABadTimeAndLogsThem) {
  auto take = [&](const std::string&) {
    return taken(
        {{"a", "12x", "U:0:1"}, {"a", "", "U:0:2"}, {"a", "-5", "U:0:3"}, {"a", "50", "U:0:4"}});
  };
  Logged logged;
  auto rows =
      smokeping::daemon::target_updates(host_node({"a"}), std::nullopt, "/d", take, *logged.log);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].time, 50);
  EXPECT_NE(logged.text.str().find("time is not a number"), std::string::npos);
}

TEST(TargetUpdates, CorruptCacheIsLoggedAndSkipped) {
  auto take = [&](const std::string& f) {
    CacheTake t;
    t.status = CacheTake::Status::corrupt;
    t.error = "bad magic";
    t.quarantined = f + ".corrupt";
    return t;
  };
  Logged logged;
  auto rows = smokeping::daemon::target_updates(host_node({"a"}), TargetUpdate{"", 1, "x"}, "/d",
                                                take, *logged.log);
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_NE(logged.text.str().find("h1.a.slave_cache.corrupt"), std::string::npos);
}

TEST(TargetUpdates, TakesRealCacheFilesAndRemovesThem) {
  char tmpl[] = "/tmp/sp-merge-XXXXXX";
  std::filesystem::path dir = ::mkdtemp(tmpl);
  std::string file = smokeping::protocol::slave_cache_file(dir.string(), "/Europe/h1", "a");
  std::vector<SlaveCacheEntry> entries{{"a", "20", "U:0:1"}, {"a", "10", "U:0:2"}};
  ASSERT_EQ(smokeping::protocol::append_slave_cache(file, entries).status,
            smokeping::protocol::CacheWrite::Status::stored);
  Logged logged;
  auto rows = smokeping::daemon::target_updates(host_node({"a"}), std::nullopt, dir.string(),
                                                smokeping::protocol::take_slave_cache, *logged.log);
  EXPECT_EQ(rows, (std::vector<TargetUpdate>{{"a", 10, "U:0:2"}, {"a", 20, "U:0:1"}}));
  EXPECT_FALSE(std::filesystem::exists(file));
  auto again =
      smokeping::daemon::target_updates(host_node({"a"}), std::nullopt, dir.string(),
                                        smokeping::protocol::take_slave_cache, *logged.log);
  EXPECT_TRUE(again.empty());
  std::filesystem::remove_all(dir);
}

// A daemon killed after the take and before storing the rows (no confirm) gets them again,
// marked replayed and before the new ones; confirming the taken files removes them.
TEST(TargetUpdates, UnconfirmedRowsComeBackReplayedBeforeNewOnes) {
  namespace protocol = smokeping::protocol;
  char tmpl[] = "/tmp/sp-merge-XXXXXX";
  std::filesystem::path dir = ::mkdtemp(tmpl);
  std::string file = protocol::slave_cache_file(dir.string(), "/Europe/h1", "a");
  std::vector<SlaveCacheEntry> old{{"a", "10", "U:0:1"}}, fresh{{"a", "20", "U:0:2"}};
  ASSERT_EQ(protocol::append_slave_cache(file, old).status, protocol::CacheWrite::Status::stored);
  Logged logged;
  std::vector<std::string> taken_files;
  auto rows = smokeping::daemon::target_updates(host_node({"a"}), std::nullopt, dir.string(),
                                                protocol::begin_slave_cache_take, *logged.log,
                                                &taken_files);
  EXPECT_EQ(rows, (std::vector<TargetUpdate>{{"a", 10, "U:0:1"}}));
  EXPECT_EQ(taken_files, std::vector<std::string>{file});
  ASSERT_EQ(protocol::append_slave_cache(file, fresh).status, protocol::CacheWrite::Status::stored);
  taken_files.clear();
  rows = smokeping::daemon::target_updates(host_node({"a"}), std::nullopt, dir.string(),
                                           protocol::begin_slave_cache_take, *logged.log,
                                           &taken_files);
  EXPECT_EQ(rows, (std::vector<TargetUpdate>{{"a", 10, "U:0:1", true}, {"a", 20, "U:0:2"}}));
  ASSERT_EQ(taken_files, std::vector<std::string>{file});
  EXPECT_EQ(protocol::confirm_slave_cache_take(file), "");
  EXPECT_TRUE(std::filesystem::is_empty(std::filesystem::path(file).parent_path()));
  taken_files.clear();
  rows = smokeping::daemon::target_updates(host_node({"a"}), std::nullopt, dir.string(),
                                           protocol::begin_slave_cache_take, *logged.log,
                                           &taken_files);
  EXPECT_TRUE(rows.empty());
  EXPECT_TRUE(taken_files.empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
