// The master's replay store: a nonce is accepted once, old ones are forgotten, the file stays
// bounded, concurrent writers lose nothing, and the file's existence pins the slave.
#include "smokeping/protocol/auth_replay.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/uplink/uplink_test_support.hpp"

namespace smokeping::protocol {
namespace {

using smokeping::test::TempDir;

constexpr std::int64_t kNow = 1795627740;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string nonce(int i) {
  std::string n = std::to_string(i);
  return std::string(32 - n.size(), '0') + n;
}

TEST(ReplayStore, ASeenNonceIsRefusedAndTheFileUnchanged) {
  TempDir dir;
  ReplayStore store(dir.file(".replay"));
  EXPECT_FALSE(store.pinned("slave1"));
  EXPECT_EQ(store.record("slave1", nonce(1), kNow, kNow).verdict, ReplayVerdict::recorded);
  EXPECT_TRUE(store.pinned("slave1"));
  const std::string before = read(store.file_for("slave1"));
  EXPECT_EQ(store.record("slave1", nonce(1), kNow, kNow + 10).verdict, ReplayVerdict::replayed);
  EXPECT_EQ(read(store.file_for("slave1")), before);
  // Nonces are per slave.
  EXPECT_EQ(store.record("slave2", nonce(1), kNow, kNow).verdict, ReplayVerdict::recorded);
}

TEST(ReplayStore, FilesAndDirectoryArePrivate) {
  TempDir dir;
  ReplayStore store(dir.file(".replay"));
  ASSERT_EQ(store.record("slave1", nonce(1), kNow, kNow).verdict, ReplayVerdict::recorded);
  struct stat st {};
  ASSERT_EQ(::stat(dir.file(".replay").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat(store.file_for("slave1").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u);
}

TEST(ReplayStore, EntriesOlderThanTheWindowArePruned) {
  TempDir dir;
  ReplayStore store(dir.file(".replay"), 300);
  ASSERT_EQ(store.record("s", nonce(1), kNow - 400, kNow - 400).verdict, ReplayVerdict::recorded);
  ASSERT_EQ(store.record("s", nonce(2), kNow - 100, kNow - 100).verdict, ReplayVerdict::recorded);
  ASSERT_EQ(store.record("s", nonce(3), kNow, kNow).verdict, ReplayVerdict::recorded);
  const std::string text = read(store.file_for("s"));
  EXPECT_EQ(text.find(nonce(1)), std::string::npos) << text;
  EXPECT_NE(text.find(nonce(2)), std::string::npos) << text;
  EXPECT_NE(text.find(nonce(3)), std::string::npos) << text;
}

TEST(ReplayStore, AFullStoreRefusesAndKeepsItsEntries) {
  TempDir dir;
  ReplayStore store(dir.file(".replay"), 300, 3);
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(store.record("s", nonce(i), kNow, kNow).verdict, ReplayVerdict::recorded);
  const std::string before = read(store.file_for("s"));
  EXPECT_EQ(store.record("s", nonce(9), kNow, kNow).verdict, ReplayVerdict::full);
  EXPECT_EQ(read(store.file_for("s")), before);
  // Once the old ones age out there is room again.
  EXPECT_EQ(store.record("s", nonce(9), kNow + 301, kNow + 301).verdict, ReplayVerdict::recorded);
}

TEST(ReplayStore, TheDefaultWindowIsTheOneSignedPostsAreAcceptedIn) {
  TempDir dir;
  ReplayStore store(dir.file(".replay"));
  // A nonce as old as check_post_auth still accepts must be kept; one second older may go.
  const std::int64_t oldest_fresh = kNow - kAuthWindowSeconds;
  ASSERT_EQ(store.record("s", nonce(1), oldest_fresh - 1, kNow).verdict, ReplayVerdict::recorded);
  ASSERT_EQ(store.record("s", nonce(2), oldest_fresh, kNow).verdict, ReplayVerdict::recorded);
  ASSERT_EQ(store.record("s", nonce(3), kNow, kNow).verdict, ReplayVerdict::recorded);
  const std::string text = read(store.file_for("s"));
  EXPECT_EQ(text.find(nonce(1)), std::string::npos) << text;
  EXPECT_NE(text.find(nonce(2)), std::string::npos) << text;
}

TEST(ReplayStore, AMissingDyndirIsCreatedWithItsParents) {
  TempDir dir;
  ReplayStore store(dir.file("var/lib/smokeping/.replay"));
  ASSERT_EQ(store.record("s", nonce(1), kNow, kNow).verdict, ReplayVerdict::recorded);
  EXPECT_TRUE(store.pinned("s"));
  struct stat st {};
  ASSERT_EQ(::stat(dir.file("var/lib/smokeping/.replay").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_EQ(store.record("s", nonce(1), kNow, kNow).verdict, ReplayVerdict::replayed);
}

TEST(ReplayStore, ConcurrentWritersLoseNoNonce) {
  TempDir dir;
  ReplayStore store(dir.file(".replay"));
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < kEach; ++i) store.record("s", nonce(t * 1000 + i), kNow, kNow);
    });
  }
  for (auto& t : threads) t.join();
  const std::string text = read(store.file_for("s"));
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) {
      EXPECT_NE(text.find(nonce(t * 1000 + i)), std::string::npos) << t << " " << i;
      EXPECT_EQ(store.record("s", nonce(t * 1000 + i), kNow, kNow).verdict,
                ReplayVerdict::replayed);
    }
  }
}

TEST(ReplayStore, ACorruptLineIsSkippedNotFatal) {
  TempDir dir;
  ReplayStore store(dir.file(".replay"));
  ASSERT_EQ(store.record("s", nonce(1), kNow, kNow).verdict, ReplayVerdict::recorded);
  std::ofstream(store.file_for("s"), std::ios::app) << "garbage\n17956 ";
  EXPECT_EQ(store.record("s", nonce(1), kNow, kNow).verdict, ReplayVerdict::replayed);
  EXPECT_EQ(store.record("s", nonce(2), kNow, kNow).verdict, ReplayVerdict::recorded);
}

TEST(ReplayStore, SlaveNamesCannotLeaveTheDirectory) {
  ReplayStore store("/d/.replay");
  EXPECT_EQ(store.file_for("slave-1.example_x"), "/d/.replay/slave-1.example_x");
  EXPECT_EQ(store.file_for("../x"), "/d/.replay/%2E.%2Fx");
  EXPECT_EQ(store.file_for(".."), "/d/.replay/%2E.");
  EXPECT_EQ(store.file_for("a b/c"), "/d/.replay/a%20b%2Fc");
}

TEST(ReplayStore, AnUnusableDirectoryIsAFailureNotAnException) {
  TempDir dir;
  dir.write("plain", "x");
  ReplayStore store(dir.file("plain") + "/.replay");
  ReplayResult r = store.record("s", nonce(1), kNow, kNow);
  EXPECT_EQ(r.verdict, ReplayVerdict::failed);
  EXPECT_NE(r.error.find("plain/.replay"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace smokeping::protocol
