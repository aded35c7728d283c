// The `.slave_cache` files (master-slave.md §6): names, bytes, appending, taking, corrupt
// files, concurrent writers and readers, and both directions with the original's Master.pm
// (Debian's 2.7.3 in /usr/share/perl5; those tests are skipped when it is not installed).
#include "smokeping/protocol/slave_cache.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <string>

#include "smokeping/protocol/storable.hpp"
#include "src/protocol/detail/cache_io.hpp"
#include "tests/unit/protocol/child_processes.hpp"

namespace smokeping::protocol {
namespace {

namespace fs = std::filesystem;
using Entries = std::vector<SlaveCacheEntry>;

constexpr const char* kOriginalLib = "/usr/share/perl5";

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class SlaveCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sp-slave-cache-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string file(const std::string& target = "/Local/t2", const std::string& slave = "slave1") {
    return slave_cache_file(dir_.string(), target, slave);
  }

  static bool have_original() {
    return fs::exists(fs::path(kOriginalLib) / "Smokeping" / "Master.pm") &&
           std::system("perl -MStorable -MDigest::HMAC_MD5 -e 1 >/dev/null 2>&1") == 0;
  }

  // Runs a perl script with the original's Master.pm loaded; returns its standard output.
  std::string perl(const std::string& body, const std::string& args = "") {
    fs::path script = dir_ / ("script" + std::to_string(scripts_++) + ".pl");
    std::ofstream(script) << "use lib '" << kOriginalLib << "';\nuse Smokeping::Master;\n"
                          << "$SIG{__WARN__} = sub {};\n"
                          << body;
    std::string cmd = "perl " + script.string() + " " + dir_.string() + " " + args;
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << cmd;
    return out;
  }

  fs::path dir_;
  int scripts_ = 0;
};

TEST(SlaveCacheNames, DirAndFileAsTheOriginal) {
  config::General g;
  g.datadir = "/var/lib/smokeping/";
  EXPECT_EQ(slave_cache_dir(g), "/var/lib/smokeping");
  g.dyndir = "/var/lib/smokeping/__cgi//";
  EXPECT_EQ(slave_cache_dir(g), "/var/lib/smokeping/__cgi");
  EXPECT_EQ(slave_cache_file("/var/lib/smokeping/__cgi", "/Local/localhost", "slave1"),
            "/var/lib/smokeping/__cgi//Local/localhost.slave1.slave_cache");
}

TEST(SlaveCacheBytes, EncodeIsTheSpecsExampleAndDecodesBack) {
  Entries e{{"slave1", "1732480000", "U:3:U:U:U:U"}};
  std::string bytes = encode_slave_cache(e);
  EXPECT_EQ(bytes, std::string("pst0\x05\x0b\x02\0\0\0\x01\x04\x02\0\0\0\x03\x0a\x06slave1\x0a\x0a"
                               "1732480000\x0a\x0bU:3:U:U:U:U",
                               50));
  DecodedCache d = decode_slave_cache(bytes);
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_EQ(d.entries, e);
}

TEST(SlaveCacheBytes, DecodeSkipsMalformedEntriesAndReadsUndefAsEmpty) {
  using storable::Value;
  Value root = Value::array_of({
      Value::array_of({Value::scalar_of("s"), Value{}, Value{}}),  // a line without fields
      Value::scalar_of("not an array"),
      Value::array_of({Value::scalar_of("s"), Value::scalar_of("1")}),
      Value::array_of({Value::scalar_of("s"), Value::scalar_of("2"), Value::scalar_of("U")}),
  });
  DecodedCache d = decode_slave_cache(storable::write_network(root));
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.entries, (Entries{{"s", "", ""}, {"s", "2", "U"}}));
  EXPECT_EQ(d.skipped, 2u);
  EXPECT_FALSE(decode_slave_cache("garbage").ok);
}

TEST_F(SlaveCacheTest, AppendCreatesDirectoriesAndAppends) {
  std::string f = file("/Deep/er/t2");
  mode_t old_umask = ::umask(077);
  CacheWrite w = append_slave_cache(f, Entries{{"slave1", "100", "U:3:U:U:U:U"}});
  ::umask(old_umask);
  ASSERT_EQ(w.status, CacheWrite::Status::stored) << w.error;
  EXPECT_EQ(w.entries_before, 0u);
  struct stat st;
  ASSERT_EQ(::stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  w = append_slave_cache(
      f, Entries{{"slave1", "110", "U:0:1:1:1:1"}, {"slave1", "120", "U:3:U:U:U:U"}});
  EXPECT_EQ(w.entries_before, 1u);
  DecodedCache d = decode_slave_cache(slurp(f));
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.entries, (Entries{{"slave1", "100", "U:3:U:U:U:U"},
                                {"slave1", "110", "U:0:1:1:1:1"},
                                {"slave1", "120", "U:3:U:U:U:U"}}));
  // No temporary file is left behind; the journal is kept for the next post, retired.
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(fs::path(f).parent_path()))
    files.insert(e.path().filename().string());
  EXPECT_EQ(files,
            (std::set<std::string>{"t2.slave1.slave_cache", "t2.slave1.slave_cache.journal"}));
  EXPECT_FALSE(detail::read_journal(f));
}

TEST_F(SlaveCacheTest, SaveUpdatesGroupsByTarget) {
  std::vector<DataLine> lines{{"/Local/t3", "100", 100, "U:3:U:U:U:U"},
                              {"/Local/t2", "100", 100, "U:0:1:1:1:1"},
                              {"/Local/t3", "110", 110, "U:1:1:1:1:U"}};
  std::vector<CacheWrite> w = save_updates(dir_.string(), "slave1", lines);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].file, file("/Local/t2"));  // sorted by path, as the original
  EXPECT_EQ(w[1].file, file("/Local/t3"));
  EXPECT_EQ(decode_slave_cache(slurp(file("/Local/t3"))).entries,
            (Entries{{"slave1", "100", "U:3:U:U:U:U"}, {"slave1", "110", "U:1:1:1:1:U"}}));
}

TEST_F(SlaveCacheTest, TakeReadsAndDeletes) {
  EXPECT_EQ(take_slave_cache(file()).status, CacheTake::Status::missing);
  append_slave_cache(file(), Entries{{"slave1", "100", "U"}});
  CacheTake t = take_slave_cache(file());
  ASSERT_EQ(t.status, CacheTake::Status::taken) << t.error;
  EXPECT_EQ(t.entries, (Entries{{"slave1", "100", "U"}}));
  EXPECT_FALSE(fs::exists(file()));
  EXPECT_EQ(take_slave_cache(file()).status, CacheTake::Status::missing);
}

TEST_F(SlaveCacheTest, CorruptFilesAreKeptAside) {
  fs::create_directories(dir_ / "Local");
  std::ofstream(file(), std::ios::binary) << "not storable";
  CacheTake t = take_slave_cache(file());
  EXPECT_EQ(t.status, CacheTake::Status::corrupt);
  EXPECT_EQ(t.quarantined, file() + ".corrupt");
  EXPECT_EQ(slurp(file() + ".corrupt"), "not storable");
  EXPECT_FALSE(fs::exists(file()));

  std::ofstream(file(), std::ios::binary) << "pst0\x05\x0b\x02\0\0";
  CacheWrite w = append_slave_cache(file(), Entries{{"slave1", "1", "U"}});
  ASSERT_EQ(w.status, CacheWrite::Status::stored);
  EXPECT_EQ(w.quarantined, file() + ".corrupt.1");  // the first copy is kept
  EXPECT_EQ(slurp(file() + ".corrupt"), "not storable");
  EXPECT_EQ(decode_slave_cache(slurp(file())).entries, (Entries{{"slave1", "1", "U"}}));

  // An empty file (a writer created it and waits for the lock) is left to that writer.
  std::ofstream(file(), std::ios::trunc);
  t = take_slave_cache(file());
  EXPECT_EQ(t.status, CacheTake::Status::missing);
  EXPECT_TRUE(fs::exists(file()));
}

// With no name left to set a corrupt file aside under, the post fails and the file stays as
// it is: its bytes may still be someone's data.
TEST_F(SlaveCacheTest, CorruptFileThatCannotBeSetAsideIsNotOverwritten) {
  fs::create_directories(dir_ / "Local");
  std::ofstream(file(), std::ios::binary) << "not storable";
  for (int n = 0; n < 10; ++n) {
    std::ofstream(file() + ".corrupt" + (n ? "." + std::to_string(n) : ""), std::ios::binary)
        << "older";
  }
  CacheWrite w = append_slave_cache(file(), Entries{{"slave1", "1", "U"}});
  EXPECT_EQ(w.status, CacheWrite::Status::failed);
  EXPECT_NE(w.error.find("corrupt"), std::string::npos) << w.error;
  EXPECT_EQ(slurp(file()), "not storable");
}

TEST_F(SlaveCacheTest, AppendRewritesInPlace) {
  append_slave_cache(file(), Entries{{"slave1", "1", "U"}});
  struct stat before, after;
  ASSERT_EQ(::stat(file().c_str(), &before), 0);
  append_slave_cache(file(), Entries{{"slave1", "2", "U"}});
  ASSERT_EQ(::stat(file().c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);      // readers that wait for the lock read the new list
  EXPECT_FALSE(detail::read_journal(file()));  // retired
}

TEST_F(SlaveCacheTest, JournalOfAWriterThatDiedWins) {
  // The writer synced the journal (old + new entries), then died rewriting the file.
  append_slave_cache(file(), Entries{{"slave1", "1", "U"}});
  std::ofstream(file() + ".journal", std::ios::binary) << detail::frame_journal(
      encode_slave_cache(Entries{{"slave1", "1", "U"}, {"slave1", "2", "U"}}));
  std::ofstream(file(), std::ios::binary | std::ios::trunc) << "pst0\x05";  // half rewritten
  CacheWrite w = append_slave_cache(file(), Entries{{"slave1", "3", "U"}});
  ASSERT_EQ(w.status, CacheWrite::Status::stored) << w.error;
  EXPECT_EQ(w.entries_before, 2u);
  EXPECT_TRUE(w.quarantined.empty());
  EXPECT_FALSE(detail::read_journal(file()));

  std::ofstream(file() + ".journal", std::ios::binary) << detail::frame_journal(
      encode_slave_cache(Entries{
          {"slave1", "1", "U"}, {"slave1", "2", "U"}, {"slave1", "3", "U"}, {"slave1", "4", "U"}}));
  CacheTake t = take_slave_cache(file());
  EXPECT_EQ(t.entries.size(), 4u);
  EXPECT_FALSE(fs::exists(file()));
  EXPECT_FALSE(fs::exists(file() + ".journal"));
}

TEST_F(SlaveCacheTest, HalfWrittenJournalIsIgnored) {
  // The writer died writing the journal: the file was not touched yet.
  append_slave_cache(file(), Entries{{"slave1", "1", "U"}});
  std::ofstream(file() + ".journal", std::ios::binary) << "pst0\x05\x0b\x02";
  CacheTake t = take_slave_cache(file());
  EXPECT_EQ(t.entries, (Entries{{"slave1", "1", "U"}}));
  EXPECT_FALSE(fs::exists(file() + ".journal"));
}

TEST_F(SlaveCacheTest, SymlinkIsRefused) {
  fs::create_directories(dir_ / "Local");
  std::string victim = (dir_ / "victim").string();
  std::ofstream(victim) << "keep";
  ASSERT_EQ(::symlink(victim.c_str(), file().c_str()), 0);
  EXPECT_EQ(append_slave_cache(file(), Entries{{"s", "1", "U"}}).status,
            CacheWrite::Status::failed);
  EXPECT_EQ(take_slave_cache(file()).status, CacheTake::Status::failed);
  EXPECT_EQ(slurp(victim), "keep");
}

// ---- concurrency (W8): every entry arrives exactly once ----

// Forks `writers` processes that each append `per_writer` entries one by one (time =
// writer * 100000 + i), and `also` (which returns the pid of one more child), takes the file
// over and over until they are all done, and returns the times taken.
std::multiset<std::string> race(const std::string& f, int writers, int per_writer,
                                const std::function<pid_t()>& also = {}) {
  testing::Children children(std::chrono::seconds(120));
  for (int w = 0; w < writers; ++w) {
    pid_t pid = ::fork();
    if (pid == 0) {
      for (int i = 0; i < per_writer; ++i) {
        SlaveCacheEntry e{"slave1", std::to_string((w + 1) * 100000 + i), "U:3:U:U:U:U"};
        if (append_slave_cache(f, std::span(&e, 1)).status != CacheWrite::Status::stored)
          ::_exit(1);
      }
      ::_exit(0);
    }
    children.add(pid);
  }
  if (also) children.add(also());
  std::multiset<std::string> times;
  auto take = [&] {
    CacheTake t = take_slave_cache(f);
    EXPECT_NE(t.status, CacheTake::Status::failed) << t.error;
    EXPECT_NE(t.status, CacheTake::Status::corrupt) << t.error;
    for (const auto& e : t.entries) times.insert(e.time);
  };
  while (children.running()) take();
  take();
  return times;
}

TEST_F(SlaveCacheTest, ConcurrentWritersAndReaderLoseNothing) {
  std::multiset<std::string> times = race(file(), 3, 60);
  EXPECT_EQ(times.size(), 180u);
  EXPECT_EQ(std::set<std::string>(times.begin(), times.end()).size(), 180u);  // no duplicates
}

// ---- the original's Master.pm on the other side ----

TEST_F(SlaveCacheTest, OriginalDaemonReadsOurFiles) {
  if (!have_original()) GTEST_SKIP() << "the original SmokePing is not installed";
  save_updates(dir_.string(), "slave1",
               std::vector<DataLine>{
                   {"/Local/t2", "1795627740", 1795627740, "U:3:U:U:U:U"},
                   {"/Local/t2", "1795627750", 1795627750, "U:0:2e-05:1e-05:2e-05:3e-05"}});
  std::string out = perl(R"(my $dir = shift;
my $cfg = {General => {datadir => $dir}};
my $u = Smokeping::Master::get_slaveupdates($cfg, "$dir/Local/t2", "slave1");
print join("|", @$_), "\n" for @$u;
print -e "$dir//Local/t2.slave1.slave_cache" ? "still there\n" : "deleted\n";)");
  EXPECT_EQ(out,
            "slave1|1795627740|U:3:U:U:U:U\n"
            "slave1|1795627750|U:0:2e-05:1e-05:2e-05:3e-05\n"
            "deleted\n");
}

TEST_F(SlaveCacheTest, WeReadFilesOfTheOriginalCgi) {
  if (!have_original()) GTEST_SKIP() << "the original SmokePing is not installed";
  fs::create_directories(dir_ / "Local");  // 2.7.3 does not create it (§6.1)
  perl(R"(my $dir = shift;
my $cfg = {General => {datadir => "/nonexistent", dyndir => $dir}};
Smokeping::Master::save_updates($cfg, "slave1", "/Local/t2\t1795627740\tU:3:U:U:U:U\n/Local/t3\t1795627740\tU:0:1:1:1:1");
Smokeping::Master::save_updates($cfg, "slave1", "/Local/t2\t1795627750\tU:1:1:1:1:U\n/Local/short");)");
  CacheTake t2 = take_slave_cache(file("/Local/t2"));
  ASSERT_EQ(t2.status, CacheTake::Status::taken) << t2.error;
  EXPECT_EQ(t2.entries, (Entries{{"slave1", "1795627740", "U:3:U:U:U:U"},
                                 {"slave1", "1795627750", "U:1:1:1:1:U"}}));
  EXPECT_EQ(take_slave_cache(file("/Local/t3")).entries,
            (Entries{{"slave1", "1795627740", "U:0:1:1:1:1"}}));
  // A line without fields: the original stores [slave, undef, undef].
  EXPECT_EQ(take_slave_cache(file("/Local/short")).entries, (Entries{{"slave1", "", ""}}));
  // Our append to a file of the original CGI keeps its entries.
  perl(R"(my $dir = shift;
Smokeping::Master::save_updates({General => {datadir => $dir}}, "slave1", "/Local/t2\t1\tU");)");
  append_slave_cache(file(), Entries{{"slave1", "2", "U"}});
  EXPECT_EQ(take_slave_cache(file()).entries,
            (Entries{{"slave1", "1", "U"}, {"slave1", "2", "U"}}));
}

// The original CGI (one process: two of them lose data among themselves, W8) writing while
// our daemon takes the file over and over.
TEST_F(SlaveCacheTest, OriginalCgiWritingWhileOurDaemonReadsLosesNothing) {
  if (!have_original()) GTEST_SKIP() << "the original SmokePing is not installed";
  fs::create_directories(dir_ / "Local");
  fs::path script = dir_ / "writer.pl";
  std::ofstream(script) << "use lib '" << kOriginalLib << "';\nuse Smokeping::Master;\n"
                        << "my $dir = shift;\n"
                        << "for my $i (0..149) { Smokeping::Master::save_updates({General => "
                           "{datadir => $dir}}, 'slave1', \"/Local/t2\\t\" . (900000 + $i) . "
                           "\"\\tU:3:U:U:U:U\"); }\n";
  std::string cmd =
      "perl " + script.string() + " " + dir_.string() + " 2>" + (dir_ / "warnings").string();
  std::multiset<std::string> times = race(file(), 0, 0, [&] {
    pid_t pid = ::fork();
    if (pid == 0) {
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    return pid;
  });
  EXPECT_EQ(times.size(), 150u);
  EXPECT_EQ(std::set<std::string>(times.begin(), times.end()).size(), 150u);
  // "Could not lock ... Trying again" is the original noticing our delete: fine. Giving up
  // would be a loss.
  EXPECT_EQ(slurp(dir_ / "warnings").find("giving up"), std::string::npos);
}

TEST_F(SlaveCacheTest, OriginalDaemonReadingBesideOurWriterLosesNothing) {
  if (!have_original()) GTEST_SKIP() << "the original SmokePing is not installed";
  pid_t writer = ::fork();
  if (writer == 0) {
    ::usleep(20000);
    for (int i = 0; i < 150; ++i) {
      SlaveCacheEntry e{"slave1", std::to_string(500000 + i), "U:3:U:U:U:U"};
      if (append_slave_cache(file(), std::span(&e, 1)).status != CacheWrite::Status::stored)
        ::_exit(1);
    }
    std::ofstream(dir_ / "stop");
    ::_exit(0);
  }
  std::string out = perl(R"(my $dir = shift;
my $cfg = {General => {datadir => $dir}};
while (1) {
  my $stop = -e "$dir/stop";
  my $u = Smokeping::Master::get_slaveupdates($cfg, "$dir/Local/t2", "slave1");
  print "$_->[1]\n" for @$u;
  last if $stop and not -e "$dir//Local/t2.slave1.slave_cache";
})");
  int status;
  ASSERT_EQ(::waitpid(writer, &status, 0), writer);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::multiset<std::string> times;
  for (std::size_t at = 0, eol; (eol = out.find('\n', at)) != std::string::npos; at = eol + 1)
    times.insert(out.substr(at, eol - at));
  EXPECT_EQ(times.size(), 150u);
  EXPECT_EQ(std::set<std::string>(times.begin(), times.end()).size(), 150u);
}

}  // namespace
}  // namespace smokeping::protocol
