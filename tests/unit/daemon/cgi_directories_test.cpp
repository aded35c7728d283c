// General/precreateperms: the daemon makes a directory under dyndir for every node of the
// Targets tree, with exactly those permissions, and leaves existing ones alone.
#include "smokeping/daemon/cgi_directories.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>
#include <sstream>

#include "tests/support/temp_config.hpp"

namespace smokeping::daemon {
namespace {

namespace fs = std::filesystem;

struct PrecreateTest : ::testing::Test {
  test::TempConfig dir;
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "master", std::make_shared<spdlog::sinks::ostream_sink_st>(out));

  std::shared_ptr<const config::Config> load(const std::string& general_extra) {
    return test::load(dir.write(
        "etc/config", dir.config_with("dyndir = " + dir.path("dyn") + "\n" + general_extra, "",
                                      test::TempConfig::targets_top() +
                                          "+ Local\nmenu = L\ntitle = L\n"
                                          "++ lo1\nmenu = lo1\ntitle = lo1\nhost = 127.0.0.1\n"
                                          "+ Other\nmenu = O\ntitle = O\n"
                                          "++ Deep\nmenu = D\ntitle = D\n"
                                          "+++ lo2\nmenu = lo2\ntitle = lo2\nhost = 127.0.0.2\n")));
  }
  mode_t mode_of(const std::string& rel) {
    struct stat st {};
    EXPECT_EQ(::stat(dir.path("dyn/" + rel).c_str(), &st), 0) << rel;
    return st.st_mode & 07777;
  }
};

TEST_F(PrecreateTest, EveryNodeGetsADirectoryWithExactlyThePermissions) {
  fs::create_directories(dir.path("dyn"));
  auto config = load("precreateperms = 0751\n");
  // The umask would clear bits of a plain mkdir: the mode must not depend on it.
  const mode_t saved = ::umask(077);
  const int made = precreate_cgi_directories(*config, *log);
  ::umask(saved);
  EXPECT_EQ(made, 5);
  for (const char* rel : {"Local", "Local/lo1", "Other", "Other/Deep", "Other/Deep/lo2"}) {
    EXPECT_EQ(mode_of(rel), 0751u) << rel;
  }
  EXPECT_NE(out.str().find("made 5 directories with mode 751"), std::string::npos) << out.str();
}

TEST_F(PrecreateTest, ExistingDirectoriesAreLeftAsTheyAre) {
  fs::create_directories(dir.path("dyn/Local"));
  ::chmod(dir.path("dyn/Local").c_str(), 0700);
  auto config = load("precreateperms = 0755\n");
  EXPECT_EQ(precreate_cgi_directories(*config, *log), 4);
  EXPECT_EQ(mode_of("Local"), 0700u);
  EXPECT_EQ(mode_of("Local/lo1"), 0755u);
  EXPECT_EQ(precreate_cgi_directories(*config, *log), 0);  // a reload makes nothing new
}

TEST_F(PrecreateTest, WithoutPrecreatepermsNothingIsMade) {
  fs::create_directories(dir.path("dyn"));
  auto config = load("");
  EXPECT_EQ(precreate_cgi_directories(*config, *log), 0);
  EXPECT_TRUE(fs::is_empty(dir.path("dyn")));
}

TEST_F(PrecreateTest, AFailureIsLoggedAndTheOtherBranchesStillMade) {
  fs::create_directories(dir.path("dyn"));
  // A file where the Local directory should be: Local and its child cannot be made.
  dir.write("dyn/Local", "not a directory\n");
  auto config = load("precreateperms = 0755\n");
  EXPECT_EQ(precreate_cgi_directories(*config, *log), 3);
  EXPECT_TRUE(fs::is_directory(dir.path("dyn/Other/Deep/lo2")));
  EXPECT_NE(out.str().find("precreateperms: cannot create " + dir.path("dyn/Local/lo1")),
            std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace smokeping::daemon
