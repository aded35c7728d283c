// The `.slave_cache` batch writer stopped after each of its steps, as a crash would stop it,
// then recovered by the next reader or writer. A process crash keeps whatever was written;
// a power loss may also lose or cut short whatever was written after the last sync, which
// the "damage" variants do by hand. Either way no entry that was stored (or was already in
// the file) is lost, and no file reads as corrupt.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <tuple>

#include "smokeping/protocol/slave_cache.hpp"
#include "src/protocol/detail/cache_io.hpp"
#include "src/protocol/detail/cache_write.hpp"
#include "tests/unit/protocol/child_processes.hpp"

namespace smokeping::protocol {
namespace {

namespace fs = std::filesystem;
using detail::CacheAppend;
using detail::WriteStep;
using Entries = std::vector<SlaveCacheEntry>;

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void cut_to_half(const fs::path& file) {
  if (fs::exists(file)) fs::resize_file(file, fs::file_size(file) / 2);
}

Entries concat(Entries a, const Entries& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class SlaveCacheDir : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "-" + info->name();
    for (char& c : name)
      if (c == '/') c = '_';
    dir_ = fs::temp_directory_path() / ("sp-cache-crash-" + std::to_string(::getpid()) + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "Local");
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  std::string file(const std::string& path) const {
    return slave_cache_file(dir_.string(), path, "slave1");
  }
  fs::path dir_;
};

// What a power loss may do to the writes made after the last barrier: keep them, lose them
// (a journal's name is gone, a file keeps its synced content `before`), cut them short.
enum class Damage { none, lost, cut, emptied };

void damage(const fs::path& file, Damage how, const std::string& before = {}) {
  if (!fs::exists(file)) return;
  switch (how) {
    case Damage::none:
      return;
    case Damage::lost:
      if (file.extension() == ".journal") {
        fs::remove(file);
      } else {
        std::ofstream(file, std::ios::binary | std::ios::trunc) << before;
      }
      return;
    case Damage::cut:
      cut_to_half(file);
      return;
    case Damage::emptied:
      fs::resize_file(file, 0);
      return;
  }
}

class SlaveCacheCrash : public SlaveCacheDir,
                        public ::testing::WithParamInterface<std::tuple<WriteStep, Damage>> {};

// Three files: one with entries already (stored by an earlier post), one new, one in a new
// directory. The batch adds two entries to each.
TEST_P(SlaveCacheCrash, RecoveryKeepsEveryStoredEntryAndNeverReadsCorrupt) {
  const auto [step, how] = GetParam();
  const Entries old{{"slave1", "100", "U:0:1"}};
  const Entries added{{"slave1", "400", "U:0:4"}, {"slave1", "700", "U:0:7"}};
  const std::vector<std::string> files{file("/Local/t1"), file("/Local/t2"), file("/New/t3")};
  ASSERT_EQ(append_slave_cache(files[0], old).status, CacheWrite::Status::stored);

  std::vector<std::string> synced;  // the files' content at the first barrier
  for (const std::string& f : files) synced.push_back(slurp(f));
  std::vector<CacheAppend> batch;
  for (const std::string& f : files) batch.push_back({f, added});
  detail::append_caches(batch, step);

  // A power loss cuts what was written since the last barrier: the journals before the first
  // one, the files before the second.
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (step == WriteStep::journals_written) damage(files[i] + ".journal", how);
    if (step == WriteStep::files_rewritten) damage(files[i], how, synced[i]);
  }
  const bool durable = step >= WriteStep::journals_durable;

  // Recovery by a reader (the daemon) for the first two files, by a writer (the CGI's next
  // post) and then a reader for the third.
  ASSERT_EQ(append_slave_cache(files[2], Entries{{"slave1", "999", "U"}}).status,
            CacheWrite::Status::stored);
  for (std::size_t i = 0; i < files.size(); ++i) {
    SCOPED_TRACE(files[i]);
    CacheTake taken = take_slave_cache(files[i]);
    ASSERT_NE(taken.status, CacheTake::Status::corrupt) << taken.error;
    ASSERT_NE(taken.status, CacheTake::Status::failed) << taken.error;
    Entries before = i == 0 ? old : Entries{};
    Entries tail = i == 2 ? Entries{{"slave1", "999", "U"}} : Entries{};
    Entries with = concat(concat(before, added), tail);
    Entries without = concat(before, tail);
    if (durable) {
      EXPECT_EQ(taken.entries, with);
    } else {
      // Not answered yet: the batch's entries may be there or not, but whole.
      EXPECT_TRUE(taken.entries == with || taken.entries == without)
          << taken.entries.size() << " entries";
    }
    EXPECT_FALSE(fs::exists(files[i] + ".journal"));
    EXPECT_FALSE(fs::exists(files[i] + ".corrupt"));
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryStep, SlaveCacheCrash,
    ::testing::Combine(::testing::Values(WriteStep::locked_and_read, WriteStep::journals_written,
                                         WriteStep::journals_durable, WriteStep::files_rewritten,
                                         WriteStep::files_durable, WriteStep::done),
                       ::testing::Values(Damage::none, Damage::lost, Damage::cut,
                                         Damage::emptied)));

// A writer died with its journal durable and the file half rewritten; the next writer dies
// too, before its own journal was durable (cut short). The first journal's entries were
// stored, so they must survive both.
TEST_F(SlaveCacheDir, LeftoverJournalIsFoldedInBeforeTheNextJournalReplacesIt) {
  const std::string f = file("/Local/t1");
  const Entries first{{"slave1", "100", "U"}, {"slave1", "400", "U"}};
  std::ofstream(f + ".journal", std::ios::binary)
      << detail::frame_journal(encode_slave_cache(first));
  std::ofstream(f, std::ios::binary) << "pst0\x05\x0b";  // half rewritten

  detail::append_caches({{f, Entries{{"slave1", "700", "U"}}}}, WriteStep::journals_written);
  cut_to_half(f + ".journal");

  CacheTake taken = take_slave_cache(f);
  ASSERT_EQ(taken.status, CacheTake::Status::taken) << taken.error;
  EXPECT_EQ(taken.entries, first);
}

// Journals are written in place over retired ones: new bytes cut short over an older, longer
// journal must not read as a journal, even where the older one's bytes would decode.
TEST_F(SlaveCacheDir, JournalCutShortOverAnOlderOneIsIgnored) {
  const std::string f = file("/Local/t1");
  const Entries older{{"slave1", "100", "U"}, {"slave1", "400", "U"}, {"slave1", "700", "U"}};
  const Entries newer{{"slave1", "100", "U"}, {"slave1", "400", "U"}};
  ASSERT_EQ(append_slave_cache(f, older).status, CacheWrite::Status::stored);
  const std::string old_bytes = detail::frame_journal(encode_slave_cache(older));
  const std::string new_bytes = detail::frame_journal(encode_slave_cache(newer));
  ASSERT_TRUE(detail::unframe_journal(old_bytes));
  // The new content reached the disk but not its trailer, nor the truncation.
  std::string torn = old_bytes;
  torn.replace(0, new_bytes.size() - 8, new_bytes.substr(0, new_bytes.size() - 8));
  std::ofstream(f + ".journal", std::ios::binary) << torn;
  EXPECT_FALSE(detail::read_journal(f));
  std::ofstream(f + ".journal", std::ios::binary | std::ios::trunc)
      << new_bytes.substr(0, new_bytes.size() / 2);
  EXPECT_FALSE(detail::read_journal(f));
  EXPECT_EQ(take_slave_cache(f).entries, older);
}

// The daemon folds a leftover journal into the file before it deletes anything, so no
// journal or file is left that could hand out the same entries again.
TEST_F(SlaveCacheDir, TakeFoldsALeftoverJournalAndLeavesNothingBehind) {
  const std::string f = file("/Local/t1");
  const Entries stored{{"slave1", "100", "U"}};
  detail::append_caches({{f, stored}}, WriteStep::files_rewritten);
  cut_to_half(f);
  CacheTake taken = take_slave_cache(f);
  EXPECT_EQ(taken.entries, stored);
  EXPECT_FALSE(fs::exists(f));
  EXPECT_FALSE(fs::exists(f + ".journal"));
  EXPECT_EQ(take_slave_cache(f).status, CacheTake::Status::missing);
}

TEST_F(SlaveCacheDir, BatchStoresTheOtherFilesWhenOneIsRefused) {
  const std::string victim = (dir_ / "victim").string();
  std::ofstream(victim) << "keep";
  ASSERT_EQ(::symlink(victim.c_str(), file("/Local/t2").c_str()), 0);
  std::vector<DataLine> lines{{"/Local/t1", "100", 100, "U:0:1"},
                              {"/Local/t2", "100", 100, "U:0:2"},
                              {"/Local/t3", "100", 100, "U:0:3"}};
  std::vector<CacheWrite> w = save_updates(dir_.string(), "slave1", lines);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].status, CacheWrite::Status::stored) << w[0].error;
  EXPECT_EQ(w[1].status, CacheWrite::Status::failed);
  EXPECT_NE(w[1].error.find(file("/Local/t2")), std::string::npos) << w[1].error;
  EXPECT_EQ(w[2].status, CacheWrite::Status::stored) << w[2].error;
  EXPECT_EQ(slurp(victim), "keep");
  EXPECT_FALSE(fs::exists(file("/Local/t2") + ".journal"));
  EXPECT_EQ(take_slave_cache(file("/Local/t3")).entries, (Entries{{"slave1", "100", "U:0:3"}}));
}

// Two names of one file in one batch: a second flock of it would wait for ourselves.
TEST_F(SlaveCacheDir, TwoNamesOfOneFileInABatchShareItsLock) {
  const std::string plain = file("/Local/t1");
  const std::string doubled = dir_.string() + "/Local//t1.slave1.slave_cache";
  std::vector<CacheWrite> w = detail::append_caches(
      {{plain, Entries{{"slave1", "100", "U"}}}, {doubled, Entries{{"slave1", "200", "U"}}}});
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].status, CacheWrite::Status::stored) << w[0].error;
  EXPECT_EQ(w[1].status, CacheWrite::Status::stored) << w[1].error;
  EXPECT_EQ(w[1].file, doubled);
  CacheTake taken = take_slave_cache(plain);
  ASSERT_EQ(taken.entries.size(), 2u);
  EXPECT_EQ((std::set<std::string>{taken.entries[0].time, taken.entries[1].time}),
            (std::set<std::string>{"100", "200"}));
}

// Batches of many files (the syncfs() path) from several processes at once, while a reader
// takes the files over and over: every entry arrives exactly once.
TEST_F(SlaveCacheDir, ConcurrentBatchesAndReaderLoseNothing) {
  constexpr int kWriters = 3, kPosts = 20, kTargets = 6;
  testing::Children children(std::chrono::seconds(120));
  for (int w = 0; w < kWriters; ++w) {
    pid_t pid = ::fork();
    if (pid == 0) {
      for (int i = 0; i < kPosts; ++i) {
        std::vector<DataLine> lines;
        for (int t = 0; t < kTargets; ++t) {
          std::string time = std::to_string((w + 1) * 100000 + i);
          lines.push_back({"/Local/t" + std::to_string(t), time, 0, "U"});
        }
        for (const CacheWrite& r : save_updates(dir_.string(), "slave1", lines))
          if (r.status != CacheWrite::Status::stored) ::_exit(1);
      }
      ::_exit(0);
    }
    children.add(pid);
  }
  std::vector<std::multiset<std::string>> times(kTargets);
  auto take_all = [&] {
    for (int t = 0; t < kTargets; ++t) {
      CacheTake taken = take_slave_cache(file("/Local/t" + std::to_string(t)));
      EXPECT_NE(taken.status, CacheTake::Status::failed) << taken.error;
      EXPECT_NE(taken.status, CacheTake::Status::corrupt) << taken.error;
      for (const auto& e : taken.entries) times[t].insert(e.time);
    }
  };
  while (children.running()) take_all();
  take_all();
  for (int t = 0; t < kTargets; ++t) {
    EXPECT_EQ(times[t].size(), std::size_t{kWriters * kPosts}) << t;
    EXPECT_EQ(std::set<std::string>(times[t].begin(), times[t].end()).size(),
              std::size_t{kWriters * kPosts})
        << t;
  }
}

}  // namespace
}  // namespace smokeping::protocol
