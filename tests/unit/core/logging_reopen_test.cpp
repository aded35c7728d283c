#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "smokeping/core/logging.hpp"

namespace smokeping::core {
namespace {

namespace fs = std::filesystem;

class LogDir : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "sp-log-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
};

TEST_F(LogDir, ReopenAfterRotationWritesToANewFileUnderTheOldName) {
  fs::path file = dir_ / "smokeping.log";
  LogSetup setup;
  setup.file = file.string();
  auto log = make_logger(setup);
  log->info("before rotation");
  fs::rename(file, dir_ / "smokeping.log.1");  // what logrotate does

  log->info("between rotation and reopen");
  EXPECT_TRUE(reopen_log_files().empty());
  log->info("after reopen");

  std::string rotated = read(dir_ / "smokeping.log.1");
  std::string fresh = read(file);
  EXPECT_NE(rotated.find("before rotation"), std::string::npos);
  EXPECT_NE(rotated.find("between rotation and reopen"), std::string::npos);
  EXPECT_EQ(fresh.find("before rotation"), std::string::npos) << fresh;
  EXPECT_NE(fresh.find("after reopen"), std::string::npos) << fresh;
}

TEST_F(LogDir, ReopenThatFailsKeepsWritingToTheOldFileAndSaysWhy) {
  fs::path sub = dir_ / "logs";
  fs::create_directory(sub);
  fs::path file = sub / "smokeping.log";
  LogSetup setup;
  setup.file = file.string();
  auto log = make_logger(setup);
  fs::rename(sub, dir_ / "moved");  // the name no longer leads anywhere

  auto failures = reopen_log_files();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find(file.string()), std::string::npos) << failures[0];
  log->info("still logging");
  EXPECT_NE(read(dir_ / "moved" / "smokeping.log").find("still logging"), std::string::npos);
}

TEST_F(LogDir, MissingLogFolderIsAClearError) {
  LogSetup setup;
  setup.file = (dir_ / "absent" / "smokeping.log").string();
  try {
    make_logger(setup);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open log file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace smokeping::core
