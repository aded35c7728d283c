// A gtest fixture for tests of directory making: a fresh directory per test and the umask set
// to the common 022, both undone afterwards.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace smokeping::test {

class ScratchDirTest : public ::testing::Test {
 protected:
  ScratchDirTest() {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        std::filesystem::temp_directory_path() / (std::string(info->test_suite_name()) + "." +
                                                  std::to_string(::getpid()) + "." + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    old_umask_ = ::umask(022);
  }
  ~ScratchDirTest() override {
    ::umask(old_umask_);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  // The permission bits of `p` (setgid and sticky included).
  static mode_t mode_of(const std::filesystem::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }

  std::filesystem::path dir_;
  mode_t old_umask_ = 0;
};

}  // namespace smokeping::test
