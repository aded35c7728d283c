// The slave's spool: durable rounds, oldest first, bounded, surviving crashes and corruption.
#include "smokeping/uplink/spool.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

#include "smokeping/protocol/storable.hpp"
#include "tests/unit/uplink/uplink_test_support.hpp"

namespace {

using smokeping::test::CapturedLog;
using smokeping::test::TempDir;
using smokeping::uplink::Spool;
using smokeping::uplink::SpoolLimits;

constexpr std::int64_t kNow = 1732480000;

std::string line(const std::string& path, std::int64_t time) {
  return path + "\t" + std::to_string(time) + "\tU:3:U:U:U:U";
}

std::vector<std::string> all_lines(Spool& spool) {
  std::vector<std::string> out;
  for (const auto& round : spool.pending()) {
    out.insert(out.end(), round.lines.begin(), round.lines.end());
  }
  return out;
}

TEST(Spool, RoundIsAFileWithOwnerOnlyModeAndNoTemporaryLeft) {
  TempDir dir;
  CapturedLog log;
  Spool spool(dir.path(), {}, log.log, kNow);
  spool.add({line("/a", kNow), line("/b", kNow)}, kNow, kNow);
  auto names = dir.names();
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].rfind("round-", 0), 0u);
  EXPECT_EQ(names[0].substr(names[0].size() - 6), ".lines");
  struct stat st {};
  ASSERT_EQ(::stat(dir.file(names[0]).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(all_lines(spool), (std::vector<std::string>{line("/a", kNow), line("/b", kNow)}));
}

TEST(Spool, PendingIsOldestFirstAndSurvivesReopening) {
  TempDir dir;
  CapturedLog log;
  std::vector<std::string> expected;
  {
    Spool spool(dir.path(), {}, log.log, kNow);
    for (int i = 0; i < 12; ++i) {
      // Times not in order: arrival order is what counts.
      std::int64_t t = kNow + (i % 3) * 7 - i;
      spool.add({line("/r" + std::to_string(i), t)}, t, kNow);
      expected.push_back(line("/r" + std::to_string(i), t));
    }
  }
  Spool reopened(dir.path(), {}, log.log, kNow);
  EXPECT_EQ(all_lines(reopened), expected);
  // New rounds go after the old ones, even across the restart.
  reopened.add({line("/late", kNow)}, kNow, kNow);
  expected.push_back(line("/late", kNow));
  EXPECT_EQ(all_lines(reopened), expected);
}

TEST(Spool, RemoveForgetsExactlyTheGivenRounds) {
  TempDir dir;
  CapturedLog log;
  Spool spool(dir.path(), {}, log.log, kNow);
  for (int i = 0; i < 3; ++i) spool.add({line("/r" + std::to_string(i), kNow)}, kNow, kNow);
  auto rounds = spool.pending();
  ASSERT_EQ(rounds.size(), 3u);
  spool.remove({rounds[0].file, rounds[2].file});
  spool.add({line("/r3", kNow)}, kNow, kNow);
  EXPECT_EQ(all_lines(spool), (std::vector<std::string>{line("/r1", kNow), line("/r3", kNow)}));
  EXPECT_EQ(dir.names().size(), 2u);
  EXPECT_EQ(spool.totals().rounds, 2u);
  EXPECT_EQ(spool.totals().lines, 2u);
}

TEST(Spool, EmptyRoundStoresNothing) {
  TempDir dir;
  CapturedLog log;
  Spool spool(dir.path(), {}, log.log, kNow);
  spool.add({}, kNow, kNow);
  EXPECT_TRUE(dir.names().empty());
}

TEST(Spool, LineWithLineBreakIsRefusedAndChangesNothing) {
  TempDir dir;
  CapturedLog log;
  Spool spool(dir.path(), {}, log.log, kNow);
  EXPECT_THROW(spool.add({line("/a", kNow), "/b\n/c"}, kNow, kNow), std::invalid_argument);
  EXPECT_THROW(spool.add({"/b\r"}, kNow, kNow), std::invalid_argument);
  EXPECT_TRUE(dir.names().empty());
}

TEST(Spool, MaxAgeDropsOldRoundsAndSaysHowMany) {
  TempDir dir;
  CapturedLog log;
  SpoolLimits limits;
  limits.max_age = std::chrono::seconds(100);
  Spool spool(dir.path(), limits, log.log, kNow);
  spool.add({line("/old", kNow - 150), line("/old2", kNow - 150)}, kNow - 150, kNow - 150);
  spool.add({line("/mid", kNow - 50)}, kNow - 50, kNow - 50);
  EXPECT_EQ(spool.totals().rounds, 2u);
  spool.add({line("/new", kNow)}, kNow, kNow);
  EXPECT_EQ(all_lines(spool),
            (std::vector<std::string>{line("/mid", kNow - 50), line("/new", kNow)}));
  EXPECT_NE(log.str().find("rounds=1 lines=2 limit=max-age"), std::string::npos) << log.str();
  EXPECT_EQ(dir.names().size(), 2u);
}

TEST(Spool, MaxBytesDropsOldestRoundsFirst) {
  TempDir dir;
  CapturedLog log;
  SpoolLimits limits;
  limits.max_bytes = 400;
  Spool spool(dir.path(), limits, log.log, kNow);
  for (int i = 0; i < 10; ++i) spool.add({line("/r" + std::to_string(i), kNow)}, kNow, kNow);
  auto totals = spool.totals();
  EXPECT_LE(totals.bytes, 400u);
  EXPECT_GT(totals.rounds, 0u);
  EXPECT_LT(totals.rounds, 10u);
  auto lines = all_lines(spool);
  EXPECT_EQ(lines.back(), line("/r9", kNow));  // the newest survive
  EXPECT_EQ(lines.front(), line("/r" + std::to_string(10 - lines.size()), kNow));
  EXPECT_NE(log.str().find("limit=max-size"), std::string::npos) << log.str();
}

TEST(Spool, LimitsApplyWhenOpening) {
  TempDir dir;
  CapturedLog log;
  {
    Spool spool(dir.path(), {}, log.log, kNow);
    spool.add({line("/old", kNow - 1000)}, kNow - 1000, kNow - 1000);
  }
  SpoolLimits limits;
  limits.max_age = std::chrono::seconds(10);
  Spool reopened(dir.path(), limits, log.log, kNow);
  EXPECT_TRUE(reopened.pending().empty());
  EXPECT_NE(log.str().find("limit=max-age"), std::string::npos);
}

TEST(Spool, CorruptFileIsSetAsideAndLogged) {
  TempDir dir;
  CapturedLog log;
  Spool spool(dir.path(), {}, log.log, kNow);
  spool.add({line("/a", kNow)}, kNow, kNow);
  spool.add({line("/b", kNow)}, kNow, kNow);
  std::string first = spool.pending()[0].file;
  // One flipped byte in the payload.
  std::string bytes;
  {
    std::ifstream in(dir.file(first), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.size() - 3] ^= 1;
  dir.write(first, bytes);
  EXPECT_EQ(all_lines(spool), (std::vector<std::string>{line("/b", kNow)}));
  auto names = dir.names();
  EXPECT_NE(std::find(names.begin(), names.end(), first + ".corrupt"), names.end());
  EXPECT_NE(log.str().find("set aside"), std::string::npos);
  EXPECT_EQ(spool.totals().rounds, 1u);
}

TEST(Spool, FileWithoutHeaderIsSetAsideWhenOpening) {
  TempDir dir;
  CapturedLog log;
  dir.write("round-0000000000000007-1732480000.lines", "/a\t1\tU:3:U:U:U:U\n");
  Spool spool(dir.path(), {}, log.log, kNow);
  EXPECT_TRUE(spool.pending().empty());
  spool.add({line("/b", kNow)}, kNow, kNow);
  // Numbering goes on after the quarantined file, so nothing is ever overwritten.
  EXPECT_EQ(spool.pending()[0].seq, 8u);
}

TEST(Spool, CompleteTemporaryFileOfACrashIsAdopted) {
  TempDir dir;
  CapturedLog log;
  {
    Spool spool(dir.path(), {}, log.log, kNow);
    spool.add({line("/a", kNow)}, kNow, kNow);
  }
  // As if the process died between fsync and rename.
  std::string name = dir.names()[0];
  std::filesystem::rename(dir.file(name), dir.file(name + ".tmp"));
  Spool spool(dir.path(), {}, log.log, kNow);
  EXPECT_EQ(all_lines(spool), (std::vector<std::string>{line("/a", kNow)}));
  EXPECT_EQ(dir.names(), (std::vector<std::string>{name}));
}

TEST(Spool, TornTemporaryFileOfACrashIsRemoved) {
  TempDir dir;
  CapturedLog log;
  dir.write("round-0000000000000003-1732480000.lines.tmp",
            "smokeping-spool 1 lines=2 bytes=40 fnv1a64=0000000000000000\n/a\t1");
  Spool spool(dir.path(), {}, log.log, kNow);
  EXPECT_TRUE(spool.pending().empty());
  EXPECT_TRUE(dir.names().empty());
  EXPECT_NE(log.str().find("torn"), std::string::npos);
}

TEST(Spool, OriginalSlaveCacheFilesAreImported) {
  namespace storable = smokeping::protocol::storable;
  TempDir dir;
  CapturedLog log;
  std::vector<std::string> cached = {line("/x", kNow - 20), line("/y", kNow - 30)};
  dir.write("data.cache",
            storable::write_network(storable::Value::array_of(
                {storable::Value::scalar_of(cached[0]), storable::Value::scalar_of(cached[1])})));
  dir.write("data_FPing.cache", storable::write_network(storable::Value::array_of(
                                    {storable::Value::scalar_of(line("/z", kNow - 10))})));
  Spool spool(dir.path(), {}, log.log, kNow);
  auto rounds = spool.pending();
  ASSERT_EQ(rounds.size(), 2u);
  EXPECT_EQ(rounds[0].lines, cached);
  EXPECT_EQ(rounds[0].time, kNow - 30);  // the oldest line decides the round's age
  EXPECT_EQ(rounds[1].lines, std::vector<std::string>{line("/z", kNow - 10)});
  auto names = dir.names();
  EXPECT_EQ(std::count_if(names.begin(), names.end(),
                          [](const std::string& n) { return n.find(".cache") != n.npos; }),
            0);
}

TEST(Spool, UnreadableOriginalCacheIsSetAside) {
  TempDir dir;
  CapturedLog log;
  dir.write("data.cache", "pst0 not really");
  Spool spool(dir.path(), {}, log.log, kNow);
  EXPECT_TRUE(spool.pending().empty());
  EXPECT_EQ(dir.names(), std::vector<std::string>{"data.cache.corrupt"});
}

TEST(Spool, MissingDirectoryThrows) {
  CapturedLog log;
  EXPECT_THROW(Spool("/nonexistent/spool", {}, log.log, kNow), std::system_error);
}

}  // namespace
