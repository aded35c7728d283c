// The CGI's config: where it is found, loaded once, loaded again when any of its files changes,
// and a config that does not load answered with the original's "ERROR: ..." until it is fixed.
#include "smokeping/web/config_cache.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "smokeping/core/build_info.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::web {
namespace {

using smokeping::test::TempConfig;

// Sets a file's modification time to `seconds` (so that a later edit is seen as a change
// even within the file system's time granularity).
void set_mtime(const std::string& path, std::time_t seconds) {
  struct timespec times[2] = {{seconds, 0}, {seconds, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

class ConfigCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    targets_ = tc_.write("targets", targets_with("t1"));
    main_ = tc_.write("config", tc_.head() + tc_.probes() + "@include " + targets_ + "\n");
    set_mtime(main_, 1000000000);
    set_mtime(targets_, 1000000100);
  }

  static std::string targets_with(const std::string& name) {
    return TempConfig::targets_top() + "+ " + name + "\nhost = 127.0.0.1\n";
  }

  TempConfig tc_;
  std::string main_, targets_;
};

TEST(ConfigPath, ArgumentThenEnvironmentThenDefault) {
  const char* with_arg[] = {"smokeping.cgi", "/etc/a/config", nullptr};
  const char* without[] = {"smokeping.cgi", nullptr};
  EXPECT_EQ(config_path_from(2, with_arg, "/env/config"), "/etc/a/config");
  EXPECT_EQ(config_path_from(1, without, "/env/config"), "/env/config");
  EXPECT_EQ(config_path_from(1, without, ""), core::kDefaultConfig);
  EXPECT_EQ(config_path_from(1, without, nullptr), core::kDefaultConfig);
  EXPECT_EQ(config_path_from(0, nullptr, nullptr), core::kDefaultConfig);
}

TEST(ConfigPath, CgiLoadsInCgiModeWithChecks) {
  config::LoadOptions options = cgi_load_options();
  EXPECT_TRUE(options.env.cgi_mode);
  EXPECT_TRUE(options.env.check_paths);
  EXPECT_TRUE(options.load_checks);
}

TEST_F(ConfigCacheTest, LoadsOnceAndKeepsTheConfigWhileNothingChanges) {
  ConfigCache cache(main_);
  ConfigLookup first = cache.get(1700000000);
  ASSERT_TRUE(first.loaded) << first.error;
  EXPECT_EQ(first.event, ConfigLookup::Event::loaded);
  EXPECT_FALSE(first.replaced);
  EXPECT_EQ(first.loaded->loaded_at, 1700000000);
  EXPECT_NE(first.loaded->config->find_target({"t1"}), nullptr);

  ConfigLookup second = cache.get(1700000060);
  EXPECT_EQ(second.event, ConfigLookup::Event::cached);
  EXPECT_EQ(second.loaded, first.loaded) << "the same loaded config, not a new parse";
  EXPECT_EQ(second.loaded->loaded_at, 1700000000);
}

TEST_F(ConfigCacheTest, ConfigLastIsTheNewestMtimeOfAllFiles) {
  ConfigCache cache(main_);
  ConfigLookup lookup = cache.get(1700000000);
  ASSERT_TRUE(lookup.loaded) << lookup.error;
  EXPECT_EQ(lookup.loaded->config_last, 1000000100) << "the included file is the newest";
}

TEST_F(ConfigCacheTest, ChangedIncludedFileIsLoadedAgain) {
  ConfigCache cache(main_);
  ConfigLookup before = cache.get(1700000000);
  ASSERT_TRUE(before.loaded) << before.error;

  tc_.write("targets", targets_with("t2"));
  set_mtime(targets_, 1000000200);
  ConfigLookup after = cache.get(1700000001);
  ASSERT_TRUE(after.loaded) << after.error;
  EXPECT_EQ(after.event, ConfigLookup::Event::loaded);
  EXPECT_TRUE(after.replaced);
  EXPECT_NE(after.loaded, before.loaded);
  EXPECT_EQ(after.loaded->config->find_target({"t1"}), nullptr);
  EXPECT_NE(after.loaded->config->find_target({"t2"}), nullptr);
  EXPECT_EQ(after.loaded->config_last, 1000000200);
  EXPECT_EQ(after.loaded->loaded_at, 1700000001);
}

TEST_F(ConfigCacheTest, SameMtimeButOtherSizeOrInodeIsAChange) {
  ConfigCache cache(main_);
  ASSERT_TRUE(cache.get(1).loaded);

  tc_.write("targets", targets_with("longer_name"));  // same mtime below, other size
  set_mtime(targets_, 1000000100);
  ConfigLookup resized = cache.get(2);
  ASSERT_TRUE(resized.loaded) << resized.error;
  EXPECT_EQ(resized.event, ConfigLookup::Event::loaded);

  // Replaced by rename: same size and mtime, another inode.
  std::string other = tc_.write("targets.new", targets_with("other_name1"));
  set_mtime(other, 1000000100);
  std::filesystem::rename(other, targets_);
  ConfigLookup renamed = cache.get(3);
  ASSERT_TRUE(renamed.loaded) << renamed.error;
  EXPECT_EQ(renamed.event, ConfigLookup::Event::loaded);
  EXPECT_NE(renamed.loaded->config->find_target({"other_name1"}), nullptr);
}

TEST_F(ConfigCacheTest, RemovedIncludedFileIsAnErrorUntilItComesBack) {
  ConfigCache cache(main_);
  ASSERT_TRUE(cache.get(1).loaded);

  std::filesystem::rename(targets_, targets_ + ".away");
  ConfigLookup gone = cache.get(2);
  EXPECT_EQ(gone.event, ConfigLookup::Event::failed);
  EXPECT_FALSE(gone.loaded);
  EXPECT_EQ(gone.error.rfind("ERROR: ", 0), 0u) << gone.error;
  EXPECT_NE(gone.error.find(targets_), std::string::npos) << gone.error;

  std::filesystem::rename(targets_ + ".away", targets_);
  ConfigLookup back = cache.get(3);
  ASSERT_TRUE(back.loaded) << back.error;
  EXPECT_TRUE(back.replaced);
}

TEST_F(ConfigCacheTest, SyntaxErrorIsReportedAsTheOriginalAndRetriedEachTime) {
  tc_.write("targets", targets_with("t1") + "+ x\nnosuchvariable = 1\n");
  ConfigCache cache(main_);
  ConfigLookup broken = cache.get(1);
  EXPECT_EQ(broken.event, ConfigLookup::Event::failed);
  EXPECT_FALSE(broken.loaded);
  EXPECT_EQ(broken.error.rfind("ERROR: " + targets_ + ", line ", 0), 0u) << broken.error;

  ConfigLookup again = cache.get(2);  // nothing changed: still tried, still failing
  EXPECT_EQ(again.event, ConfigLookup::Event::failed);
  EXPECT_EQ(again.error, broken.error);

  tc_.write("targets", targets_with("t1"));
  ConfigLookup fixed = cache.get(3);
  ASSERT_TRUE(fixed.loaded) << fixed.error;
  EXPECT_TRUE(fixed.replaced);
}

TEST_F(ConfigCacheTest, MissingConfigFileIsAnError) {
  ConfigCache cache(tc_.path("no-such-config"));
  ConfigLookup lookup = cache.get(1);
  EXPECT_EQ(lookup.event, ConfigLookup::Event::failed);
  EXPECT_NE(lookup.error.find("no-such-config"), std::string::npos) << lookup.error;
}

TEST_F(ConfigCacheTest, FileNotOlderThanTheLoadIsReadAgainNextTime) {
  // Its mtime is not before the load started: it may have changed while it was being read, so
  // the next request reads it again, however often, until it is older than a load.
  set_mtime(targets_, std::time(nullptr) + 3600);
  ConfigCache cache(main_);
  ASSERT_TRUE(cache.get(1).loaded);
  EXPECT_EQ(cache.get(2).event, ConfigLookup::Event::loaded);
  EXPECT_EQ(cache.get(3).event, ConfigLookup::Event::loaded);
  set_mtime(targets_, 1000000100);
  EXPECT_EQ(cache.get(4).event, ConfigLookup::Event::loaded);
  EXPECT_EQ(cache.get(5).event, ConfigLookup::Event::cached);
}

}  // namespace
}  // namespace smokeping::web
