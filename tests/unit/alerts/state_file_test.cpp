#include "smokeping/alerts/state_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

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

}  // namespace
}  // namespace smokeping::alerts
