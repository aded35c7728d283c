// The daemon's two-phase take of `.slave_cache` files: entries wait in `<file>.taking` until
// confirmed, so a daemon killed between taking and storing them gets them again.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "smokeping/protocol/slave_cache.hpp"
#include "src/protocol/detail/cache_write.hpp"
#include "tests/unit/protocol/child_processes.hpp"

namespace smokeping::protocol {
namespace {

namespace fs = std::filesystem;
using Entries = std::vector<SlaveCacheEntry>;

class SlaveCacheTakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sp-cache-take-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    file_ = slave_cache_file(dir_.string(), "/Local/t2", "slave1");
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  void append(const Entries& entries) {
    ASSERT_EQ(append_slave_cache(file_, entries).status, CacheWrite::Status::stored);
  }
  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir_))
      if (e.is_regular_file()) out.insert(e.path().filename().string());
    return out;
  }

  fs::path dir_;
  std::string file_;
};

const Entries kOld{{"slave1", "100", "U:0:1"}, {"slave1", "200", "U:0:2"}};
const Entries kNew{{"slave1", "300", "U:0:3"}};

Entries concat(Entries a, const Entries& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(SlaveCacheTakeTest, BeginKeepsTheEntriesInTakingUntilConfirmed) {
  append(kOld);
  CacheTake t = begin_slave_cache_take(file_);
  ASSERT_EQ(t.status, CacheTake::Status::taken) << t.error;
  EXPECT_EQ(t.entries, kOld);
  EXPECT_EQ(t.replayed, 0u);
  EXPECT_FALSE(fs::exists(file_));
  EXPECT_TRUE(fs::exists(taking_file(file_)));
  EXPECT_EQ(confirm_slave_cache_take(file_), "");
  EXPECT_TRUE(names().empty());
  EXPECT_EQ(begin_slave_cache_take(file_).status, CacheTake::Status::missing);
}

TEST_F(SlaveCacheTakeTest, UnconfirmedTakeComesBackFirstThenTheNewEntries) {
  append(kOld);
  ASSERT_EQ(begin_slave_cache_take(file_).entries, kOld);  // "killed" before confirming
  append(kNew);
  CacheTake t = begin_slave_cache_take(file_);
  ASSERT_EQ(t.status, CacheTake::Status::taken) << t.error;
  EXPECT_EQ(t.entries, concat(kOld, kNew));
  EXPECT_EQ(t.replayed, kOld.size());
  EXPECT_FALSE(fs::exists(file_));
  // Killed again: everything still comes back, once.
  CacheTake again = begin_slave_cache_take(file_);
  EXPECT_EQ(again.entries, concat(kOld, kNew));
  EXPECT_EQ(again.replayed, kOld.size() + kNew.size());
  EXPECT_EQ(confirm_slave_cache_take(file_), "");
  EXPECT_TRUE(names().empty());
}

TEST_F(SlaveCacheTakeTest, UnconfirmedTakeComesBackWhenNoNewFileExists) {
  append(kOld);
  ASSERT_EQ(begin_slave_cache_take(file_).status, CacheTake::Status::taken);
  CacheTake t = begin_slave_cache_take(file_);
  ASSERT_EQ(t.status, CacheTake::Status::taken) << t.error;
  EXPECT_EQ(t.entries, kOld);
  EXPECT_EQ(t.replayed, kOld.size());
}

TEST_F(SlaveCacheTakeTest, TakeSlaveCacheConfirmsAtOnce) {
  append(kOld);
  EXPECT_EQ(take_slave_cache(file_).entries, kOld);
  EXPECT_TRUE(names().empty());
}

TEST_F(SlaveCacheTakeTest, JournalOfADeadWriterJoinsTheLeftover) {
  append(kOld);
  ASSERT_EQ(begin_slave_cache_take(file_).status, CacheTake::Status::taken);
  std::vector<detail::CacheAppend> one{{file_, kNew}};
  detail::append_caches(std::move(one), detail::WriteStep::journals_durable);
  CacheTake t = begin_slave_cache_take(file_);
  ASSERT_EQ(t.status, CacheTake::Status::taken) << t.error;
  EXPECT_EQ(t.entries, concat(kOld, kNew));
  EXPECT_EQ(confirm_slave_cache_take(file_), "");
  EXPECT_TRUE(names().empty());
}

TEST_F(SlaveCacheTakeTest, CorruptLeftoverIsMovedAsideAndTheNewEntriesAreTaken) {
  fs::create_directories(fs::path(file_).parent_path());
  std::ofstream(taking_file(file_)) << "not storable";
  append(kNew);
  CacheTake t = begin_slave_cache_take(file_);
  ASSERT_EQ(t.status, CacheTake::Status::taken) << t.error;
  EXPECT_EQ(t.entries, kNew);
  EXPECT_EQ(t.replayed, 0u);
  EXPECT_NE(t.error.find(".taking"), std::string::npos);
  EXPECT_EQ(t.quarantined, taking_file(file_) + ".corrupt");
  EXPECT_TRUE(fs::exists(t.quarantined));
}

TEST_F(SlaveCacheTakeTest, CorruptLeftoverAloneIsReportedCorrupt) {
  fs::create_directories(fs::path(file_).parent_path());
  std::ofstream(taking_file(file_)) << "not storable";
  CacheTake t = begin_slave_cache_take(file_);
  EXPECT_EQ(t.status, CacheTake::Status::corrupt);
  EXPECT_TRUE(fs::exists(taking_file(file_) + ".corrupt"));
  EXPECT_FALSE(fs::exists(taking_file(file_)));
}

// Writers append one entry at a time while the daemon takes over and over, leaving every third
// take unconfirmed as if killed; every entry is in exactly one confirmed take.
TEST_F(SlaveCacheTakeTest, ConcurrentWritersDuringUnconfirmedTakesLoseNothing) {
  constexpr int kWriters = 3;
  constexpr int kPerWriter = 50;
  testing::Children children(std::chrono::seconds(120));
  for (int w = 0; w < kWriters; ++w) {
    pid_t pid = ::fork();
    if (pid == 0) {
      for (int i = 0; i < kPerWriter; ++i) {
        SlaveCacheEntry e{"slave1", std::to_string((w + 1) * 100000 + i), "U:0:1"};
        if (append_slave_cache(file_, std::span(&e, 1)).status != CacheWrite::Status::stored)
          ::_exit(1);
      }
      ::_exit(0);
    }
    children.add(pid);
  }
  std::multiset<std::string> confirmed;
  int takes = 0;
  auto take = [&](bool confirm) {
    CacheTake t = begin_slave_cache_take(file_);
    EXPECT_TRUE(t.status == CacheTake::Status::taken || t.status == CacheTake::Status::missing)
        << t.error;
    if (!confirm) return;
    EXPECT_EQ(confirm_slave_cache_take(file_), "");
    for (const auto& e : t.entries) confirmed.insert(e.time);
  };
  while (children.running()) take(++takes % 3 != 0);
  take(true);
  EXPECT_EQ(confirmed.size(), std::size_t{kWriters * kPerWriter});
  EXPECT_EQ(std::set<std::string>(confirmed.begin(), confirmed.end()).size(), confirmed.size());
  EXPECT_TRUE(names().empty());
}

}  // namespace
}  // namespace smokeping::protocol
