#include "smokeping/alerts/state_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

namespace smokeping::alerts {
namespace {

class StateFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sp-alerts-state-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "T.alertstate").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& text) { std::ofstream(path_) << text; }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(StateFileTest, SavedStateLoadsBackEqual) {
  NodeState state;
  SourceState& master = state.sources[""];
  master.history.push("2", "0.0123456789", 20, 5);
  master.history.push("U", "U", 20, 5);
  master.history.push("1", "x1", 20, 5);
  master.prevmatch = {{"lossy", 3}, {"edge", 0}};
  master.last_time = 1'700'000'300;
  state.sources["boomer"].last_time = 1'700'000'000;
  save_state(path_, state);
  EXPECT_EQ(load_state(path_), state);
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));
}

TEST_F(StateFileTest, MissingFileIsNoState) { EXPECT_EQ(load_state(path_), std::nullopt); }

TEST_F(StateFileTest, ForeignOrDamagedFilesAreNoState) {
  for (const char* text : {"", "hello\n", "smokeping-alertstate 1\nloss\tS\nend\n",
                           "smokeping-alertstate 1\nsource\t\tx\nend\n",
                           "smokeping-alertstate 1\nsource\t\t5\nloss\tS N1\nrtt\tS\nend\n",
                           "smokeping-alertstate 1\nsource\t\t5\nloss\tS Q\nrtt\tS U\nend\n",
                           "smokeping-alertstate 1\nsource\t\t5\nmatch\ta\tmany\nend\n",
                           "smokeping-alertstate 1\nsource\t\t5\nloss\tS\nrtt\tS\n"}) {
    write(text);
    EXPECT_EQ(load_state(path_), std::nullopt) << text;
  }
}

TEST_F(StateFileTest, UnwritableDirectoryThrows) {
  EXPECT_THROW(save_state((dir_ / "missing" / "T.alertstate").string(), NodeState{}),
               std::system_error);
}

NodeState state_with_rows(int rows) {
  NodeState state;
  SourceState& master = state.sources[""];
  for (int i = 0; i < rows; ++i)
    master.history.push("1", "0.0123456789", 20, static_cast<std::size_t>(rows));
  master.last_time = 1'700'000'000 + rows;
  return state;
}

// Runs save_state in a child whose file size limit (RLIMIT_FSIZE) makes write(2) fail with
// EFBIG part way through the file, as a full disk would; returns the child's verdict.
int save_with_size_limit(const std::string& path, const NodeState& state, rlim_t limit) {
  pid_t pid = ::fork();
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);  // a failed write instead of a killed process
    rlimit small{limit, limit};
    ::setrlimit(RLIMIT_FSIZE, &small);
    try {
      save_state(path, state);
    } catch (const std::system_error& e) {
      ::_exit(e.code().value() == EFBIG ? 0 : 2);
    }
    ::_exit(1);  // the write should have failed
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

TEST_F(StateFileTest, FailedWriteLeavesTheOldStateAndNoTemporaryFile) {
  NodeState old_state = state_with_rows(3);
  save_state(path_, old_state);
  NodeState big = state_with_rows(2000);
  ASSERT_EQ(save_with_size_limit(path_, big, 4096), 0);
  EXPECT_EQ(load_state(path_), old_state);
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));
  save_state(path_, big);  // the limit was the cause: the same state saves without it
  EXPECT_EQ(load_state(path_), big);
}

TEST_F(StateFileTest, TemporaryPathThatIsASymlinkIsRefusedAndOldStateKept) {
  NodeState old_state = state_with_rows(2);
  save_state(path_, old_state);
  std::filesystem::create_symlink(dir_ / "elsewhere", path_ + ".tmp");
  EXPECT_THROW(save_state(path_, state_with_rows(5)), std::system_error);
  EXPECT_EQ(load_state(path_), old_state);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "elsewhere"));
}

}  // namespace
}  // namespace smokeping::alerts
