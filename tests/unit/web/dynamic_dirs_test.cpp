// The directories of a nested DYNAMIC host's `.adr` file, made by the CGI below dyndir.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "src/web/detail/dynamic_files.hpp"

namespace smokeping::web::detail {
namespace {

namespace fs = std::filesystem;

class DynamicDirsTest : public ::testing::Test {
 protected:
  DynamicDirsTest() {
    dir_ = fs::temp_directory_path() /
           ("dynamic_dirs_test." + std::to_string(::getpid()) + "." +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    old_umask_ = ::umask(022);
  }
  ~DynamicDirsTest() override {
    ::umask(old_umask_);
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  static mode_t mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }
  fs::path dir_;
  mode_t old_umask_ = 0;
};

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
