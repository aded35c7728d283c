// The CGI makes the directories of nested targets below dyndir itself; below a setgid dyndir
// (shared with the daemon) they must keep group write, or the daemon cannot take the files.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "smokeping/protocol/slave_cache.hpp"
#include "tests/support/scratch_dir_test.hpp"

namespace smokeping::protocol {
namespace {

namespace fs = std::filesystem;

class CacheDirsTest : public test::ScratchDirTest {};

const std::vector<SlaveCacheEntry> kEntries{{"slave1", "100", "U:0:1:1:1:1"}};

TEST_F(CacheDirsTest, NestedTargetDirectoriesBelowSetgidDyndirKeepGroupWrite) {
  ASSERT_EQ(::chmod(dir_.c_str(), 02775), 0);
  const std::string file = slave_cache_file(dir_.string(), "/Local/Sub/t", "slave1");
  CacheWrite w = append_slave_cache(file, kEntries);
  ASSERT_EQ(w.status, CacheWrite::Status::stored) << w.error;
  EXPECT_EQ(mode_of(dir_ / "Local"), 02775u);
  EXPECT_EQ(mode_of(dir_ / "Local" / "Sub"), 02775u);
}

TEST_F(CacheDirsTest, NestedTargetDirectoriesBelowPlainDyndirAre0755) {
  ASSERT_EQ(::chmod(dir_.c_str(), 0775), 0);
  const std::string file = slave_cache_file(dir_.string(), "/Local/t", "slave1");
  CacheWrite w = append_slave_cache(file, kEntries);
  ASSERT_EQ(w.status, CacheWrite::Status::stored) << w.error;
  EXPECT_EQ(mode_of(dir_ / "Local"), 0755u);
}

}  // namespace
}  // namespace smokeping::protocol
