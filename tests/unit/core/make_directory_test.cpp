// Directories made below a setgid parent (a dyndir shared by the CGI and the daemon) keep the
// parent's permission bits whatever the umask; elsewhere they are 0755 less the umask.
#include "smokeping/core/make_directory.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "tests/support/scratch_dir_test.hpp"

namespace smokeping::core {
namespace {

namespace fs = std::filesystem;

class MakeDirectoryTest : public test::ScratchDirTest {
 protected:
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
};

TEST_F(MakeDirectoryTest, ChildOfSetgidParentGetsTheParentsBitsDespiteUmask) {
  ASSERT_EQ(::mkdir(path("shared").c_str(), 0700), 0);
  ASSERT_EQ(::chmod(path("shared").c_str(), 02775), 0);
  const MadeDirectory made = make_directory(path("shared/Local"));
  EXPECT_TRUE(made.created);
  EXPECT_EQ(made.error, 0);
  EXPECT_EQ(mode_of(path("shared/Local")), 02775u);
  EXPECT_EQ(::umask(022), 022u) << "the umask is restored";
}

TEST_F(MakeDirectoryTest, InheritanceChainsDownAndLeavesStickyBehind) {
  ASSERT_EQ(::mkdir(path("shared").c_str(), 0700), 0);
  ASSERT_EQ(::chmod(path("shared").c_str(), 03770), 0);
  ASSERT_EQ(make_directory(path("shared/a")).error, 0);
  ASSERT_EQ(make_directory(path("shared/a/b")).error, 0);
  EXPECT_EQ(mode_of(path("shared/a")), 02770u);
  EXPECT_EQ(mode_of(path("shared/a/b")), 02770u);
}

TEST_F(MakeDirectoryTest, ChildOfPlainParentIs0755LessUmask) {
  ASSERT_EQ(::mkdir(path("plain").c_str(), 0777), 0);
  ASSERT_EQ(::chmod(path("plain").c_str(), 0777), 0);
  ASSERT_EQ(make_directory(path("plain/Local")).error, 0);
  EXPECT_EQ(mode_of(path("plain/Local")), 0755u);
  ::umask(077);
  ASSERT_EQ(make_directory(path("plain/Other")).error, 0);
  EXPECT_EQ(mode_of(path("plain/Other")), 0700u);
}

TEST_F(MakeDirectoryTest, ExistingDirectoryIsLeftAlone) {
  ASSERT_EQ(::mkdir(path("shared").c_str(), 0700), 0);
  ASSERT_EQ(::chmod(path("shared").c_str(), 02775), 0);
  ASSERT_EQ(::mkdir(path("shared/Local").c_str(), 0700), 0);
  const MadeDirectory made = make_directory(path("shared/Local"));
  EXPECT_FALSE(made.created);
  EXPECT_EQ(made.error, 0);
  EXPECT_EQ(mode_of(path("shared/Local")) & 0777, 0700u);  // the kernel alone added setgid
}

TEST_F(MakeDirectoryTest, MissingParentIsAnErrorValue) {
  const MadeDirectory made = make_directory(path("missing/Local"));
  EXPECT_FALSE(made.created);
  EXPECT_EQ(made.error, ENOENT);
  EXPECT_FALSE(fs::exists(path("missing")));
}

}  // namespace
}  // namespace smokeping::core
