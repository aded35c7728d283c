#include "smokeping/protocol/health_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "smokeping/protocol/slave_cache.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::protocol {
namespace {

Health sample() {
  Health h;
  h.pid = 4711;
  h.started = 1764100000;
  h.version = "2.7.3";
  h.written = 1764100300;
  h.probes = {{"FPing", 300, 1764100290, 4, 12, 7, 1}, {"DNS", 60, 1764100280, 0, 0, 2, 0}};
  h.slaves = {{"boomer", 1764100294, 37, 1, 220, 2}, {"never", 0, 0, 0, 0, 0}};
  return h;
}

TEST(HealthFile, ReadsBackWhatItWrites) {
  HealthParse parsed = parse_health(format_health(sample()));
  ASSERT_TRUE(parsed.health) << parsed.error;
  EXPECT_EQ(*parsed.health, sample());
}

TEST(HealthFile, SkipsLinesOfUnknownKinds) {
  std::string text = format_health(sample()) + "future thing=1\n\n";
  HealthParse parsed = parse_health(text);
  ASSERT_TRUE(parsed.health) << parsed.error;
  EXPECT_EQ(*parsed.health, sample());
}

TEST(HealthFile, RefusesAnotherFile) {
  EXPECT_FALSE(parse_health("").health);
  EXPECT_FALSE(parse_health("smokeping-health 2\n").health);
  HealthParse parsed = parse_health("<html>\n");
  EXPECT_FALSE(parsed.health);
  EXPECT_NE(parsed.error.find("first line"), std::string::npos);
}

TEST(HealthFile, RefusesABadNumberOrAFieldWithoutValue) {
  HealthParse bad = parse_health("smokeping-health 1\nprobe name=FPing step=3x\n");
  EXPECT_FALSE(bad.health);
  EXPECT_NE(bad.error.find("line 2"), std::string::npos) << bad.error;
  EXPECT_FALSE(parse_health("smokeping-health 1\nslave name=a rows_merged\n").health);
  EXPECT_FALSE(parse_health("smokeping-health 1\nslave last_merge=5\n").health);
}

TEST(HealthFile, WriteReplacesTheFileWholeAndLeavesNoTempFile) {
  test::TempConfig dir;
  const std::string path = dir.path("data/.smokeping-health");
  write_health_file(path, sample());
  Health next = sample();
  next.written += 300;
  write_health_file(path, next);
  HealthRead read = read_health_file(path);
  ASSERT_TRUE(read.health) << read.error;
  EXPECT_EQ(*read.health, next);
  EXPECT_GT(read.mtime, 0);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(HealthFile, WriteIntoAMissingDirectoryThrows) {
  test::TempConfig dir;
  EXPECT_THROW(write_health_file(dir.path("nowhere/.smokeping-health"), sample()),
               std::system_error);
}

TEST(HealthFile, ReadOfAMissingFileSaysSo) {
  test::TempConfig dir;
  HealthRead read = read_health_file(dir.path("data/.smokeping-health"));
  EXPECT_FALSE(read.health);
  EXPECT_NE(read.error.find("cannot read"), std::string::npos);
}

TEST(SlaveCacheBacklog, CountsEachSlavesWaitingFilesAndRows) {
  test::TempConfig dir;
  const std::string cache = dir.path("data");
  std::vector<SlaveCacheEntry> two = {{"b", "100", "U:0:1e-3"}, {"b", "110", "U:0:2e-3"}};
  append_slave_cache(slave_cache_file(cache, "/Local/t1", "b"), two);
  append_slave_cache(slave_cache_file(cache, "/Local/t2", "b"), {two.data(), 1});
  append_slave_cache(slave_cache_file(cache, "/Local/t1", "a.b"), {two.data(), 1});
  dir.write("data/Local/t3.b.slave_cache", "");           // a writer about to fill it
  dir.write("data/Local/t1.b.slave_cache.corrupt", "x");  // quarantined: not waiting
  dir.write("data/Local/t1.other.slave_cache", "x");      // not a configured slave

  auto backlog = slave_cache_backlog(cache, {"b", "a.b", "idle"});
  EXPECT_EQ(backlog["b"].files, 2);
  EXPECT_EQ(backlog["b"].rows, 3);
  EXPECT_GT(backlog["b"].bytes, 0);
  EXPECT_GT(backlog["b"].newest, 0);
  EXPECT_EQ(backlog["a.b"].files, 1);  // the longest matching slave name owns the file
  EXPECT_EQ(backlog["a.b"].rows, 1);
  EXPECT_EQ(backlog["idle"].files, 0);
  EXPECT_EQ(backlog.count("other"), 0u);
}

TEST(SlaveCacheBacklog, AMissingDirectoryIsNoBacklog) {
  auto backlog = slave_cache_backlog("/nonexistent/sp-cache", {"b"});
  EXPECT_EQ(backlog["b"].files, 0);
}

}  // namespace
}  // namespace smokeping::protocol
