// A dyndir directory the daemon may not change is reported once, with what it needs, instead
// of one error per file and round; and once more after it was fixed and broke again.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <sstream>
#include <string>
#include <vector>

#include "smokeping/daemon/target_updates.hpp"

namespace smokeping::daemon {
namespace {

using protocol::CacheTake;

config::TargetNode host_node(std::vector<std::string> path, std::vector<std::string> slaves) {
  config::TargetNode node;
  node.name = path.back();
  node.path = std::move(path);
  node.kind = config::TargetNode::Kind::host;
  node.host = "127.0.0.1";
  node.slaves = std::move(slaves);
  return node;
}

CacheTake failed_with(int error_number) {
  CacheTake t;
  t.status = CacheTake::Status::failed;
  t.error = "cannot rename x: reason";
  t.error_number = error_number;
  return t;
}

struct Logged {
  std::ostringstream text;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(text));
  std::size_t count(const std::string& needle) const {
    const std::string all = text.str();
    std::size_t n = 0;
    for (std::size_t at = all.find(needle); at != std::string::npos; at = all.find(needle, at + 1))
      ++n;
    return n;
  }
};

constexpr const char* kDenied = "slave cache directory not writable by the daemon";

TEST(DeniedDirs, PermissionDeniedIsLoggedOncePerDirectoryAcrossFilesAndRounds) {
  Logged logged;
  DeniedDirs denied;
  auto take = [](const std::string&) { return failed_with(EACCES); };
  for (int round = 0; round < 3; ++round) {
    for (const char* host : {"h1", "h2"}) {
      auto rows = target_updates(host_node({"Local", host}, {"a", "b"}), std::nullopt, "/d", take,
                                 *logged.log, nullptr, &denied);
      EXPECT_TRUE(rows.empty());
    }
  }
  EXPECT_EQ(logged.count(kDenied), 1u) << logged.text.str();
  EXPECT_EQ(logged.count("dir=/d//Local "), 1u) << logged.text.str();
  EXPECT_EQ(logged.count("chmod 2775"), 1u);
}

TEST(DeniedDirs, EachDeniedDirectoryIsNamed) {
  Logged logged;
  DeniedDirs denied;
  auto take = [](const std::string&) { return failed_with(EPERM); };
  target_updates(host_node({"A", "h"}, {"a"}), std::nullopt, "/d", take, *logged.log, nullptr,
                 &denied);
  target_updates(host_node({"B", "h"}, {"a"}), std::nullopt, "/d", take, *logged.log, nullptr,
                 &denied);
  EXPECT_EQ(logged.count(kDenied), 2u);
  EXPECT_EQ(logged.count("dir=/d//A "), 1u);
  EXPECT_EQ(logged.count("dir=/d//B "), 1u);
}

TEST(DeniedDirs, FixedDirectoryIsLoggedAsWritableAgainAndADenialAfterThatIsNews) {
  Logged logged;
  DeniedDirs denied;
  CacheTake next = failed_with(EACCES);
  auto take = [&](const std::string&) { return next; };
  const auto node = host_node({"Local", "h1"}, {"a"});
  target_updates(node, std::nullopt, "/d", take, *logged.log, nullptr, &denied);
  next = CacheTake{};
  next.status = CacheTake::Status::taken;
  next.entries = {{"a", "100", "U:0:1"}};
  auto rows = target_updates(node, std::nullopt, "/d", take, *logged.log, nullptr, &denied);
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_EQ(logged.count("slave cache directory writable again dir=/d//Local"), 1u);
  next = failed_with(EACCES);
  target_updates(node, std::nullopt, "/d", take, *logged.log, nullptr, &denied);
  EXPECT_EQ(logged.count(kDenied), 2u);
}

TEST(DeniedDirs, OtherFailuresKeepTheirPerFileError) {
  Logged logged;
  DeniedDirs denied;
  auto take = [](const std::string&) { return failed_with(EIO); };
  const auto node = host_node({"Local", "h1"}, {"a"});
  target_updates(node, std::nullopt, "/d", take, *logged.log, nullptr, &denied);
  target_updates(node, std::nullopt, "/d", take, *logged.log, nullptr, &denied);
  EXPECT_EQ(logged.count("slave cache not read file=/d//Local/h1.a.slave_cache"), 2u);
  EXPECT_EQ(logged.count(kDenied), 0u);
}

}  // namespace
}  // namespace smokeping::daemon
