// The directories of a nested DYNAMIC host's `.adr` file, made by the CGI below dyndir.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "src/web/detail/dynamic_files.hpp"
#include "tests/support/scratch_dir_test.hpp"

namespace smokeping::web::detail {
namespace {

namespace fs = std::filesystem;

class DynamicDirsTest : public test::ScratchDirTest {};

TEST_F(DynamicDirsTest, GroupDirectoriesBelowSetgidDyndirKeepGroupWrite) {
  ASSERT_EQ(::chmod(dir_.c_str(), 02775), 0);
  DynamicBase base = make_dynamic_dirs(dir_.string(), {"a", "b", "host"});
  ASSERT_EQ(base.error, "");
  EXPECT_EQ(base.base, (dir_ / "a" / "b" / "host").string());
  EXPECT_EQ(mode_of(dir_ / "a"), 02775u);
  EXPECT_EQ(mode_of(dir_ / "a" / "b"), 02775u);
  EXPECT_FALSE(fs::exists(dir_ / "a" / "b" / "host"));
}

TEST_F(DynamicDirsTest, GroupDirectoriesBelowPlainDyndirAre0755) {
  DynamicBase base = make_dynamic_dirs(dir_.string(), {"a", "host"});
  ASSERT_EQ(base.error, "");
  EXPECT_EQ(mode_of(dir_ / "a"), 0755u);
}

TEST_F(DynamicDirsTest, MissingDyndirIsReportedAndNothingIsMade) {
  const std::string missing = (dir_ / "missing").string();
  DynamicBase base = make_dynamic_dirs(missing, {"a", "host"});
  EXPECT_EQ(base.error, "Error creating " + missing + "/a: No such file or directory");
  EXPECT_FALSE(fs::exists(missing));
}

}  // namespace
}  // namespace smokeping::web::detail
