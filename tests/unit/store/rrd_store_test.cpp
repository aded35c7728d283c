// RrdStore against real files through librrd: creation (compared with the original's
// `rrdtool info`), the §1.4 check on existing files, tuning, updates and failures.
#include "smokeping/store/rrd_store.hpp"

#include <gtest/gtest.h>
#include <rrd.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "src/store/detail/rrd_lib.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace smokeping::store {
namespace {

using test::CapturedLog;
using test::debian_spec;
using test::rrd_info_lines;
using test::TempDir;

constexpr std::int64_t kNow = 1795627415;  // the reference run's epoch

// Keys whose values depend on the creation time or on chance (librrd picks each RRA's
// starting row at random), not on the layout.
bool layout_key(const std::string& key) {
  if (key == "filename" || key == "last_update" || key.find("cdp_prep") != std::string::npos)
    return false;
  std::string field = key.substr(key.rfind('.') + 1);
  return field != "cur_row" && field != "last_ds" && field != "value" && field != "unknown_sec";
}

std::map<std::string, std::string> layout_lines(std::map<std::string, std::string> info) {
  std::erase_if(info, [](const auto& kv) { return !layout_key(kv.first); });
  return info;
}

// The complete `rrdtool info` of the original's A/all5.rrd (step 300, pings 5, Debian RRAs).
std::map<std::string, std::string> golden_all5_info() {
  std::ifstream in(std::string(SMOKEPING_SOURCE_DIR) +
                   "/../shared/reference/web/rrd/daemon-debug-run.txt");
  std::map<std::string, std::string> out;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line == "# rrdtool info data/A/all5.rrd (complete)") {
      inside = true;
    } else if (inside && line.empty()) {
      break;
    } else if (inside) {
      size_t eq = line.find(" = ");
      if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 3);
    }
  }
  return out;
}

struct StoreTest : ::testing::Test {
  TempDir dir;
  CapturedLog log;
  RrdStore store{log.logger()};
};

TEST_F(StoreTest, PrepareCreatesTheOriginalsLayout) {
  auto golden = golden_all5_info();
  if (golden.empty()) GTEST_SKIP() << "reference/web/rrd/daemon-debug-run.txt not found";
  RrdSpec spec = debian_spec(dir.path("data/A/all5.rrd"));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt) << log.text();
  auto info = rrd_info_lines(spec.path);
  EXPECT_EQ(info["rrd_version"], "\"0003\"");
  EXPECT_EQ(info["last_update"], std::to_string(kNow - 1));
  EXPECT_EQ(info["ds[loss].max"], "5.0000000000e+00");
  EXPECT_EQ(info["ds[median].max"], "NaN");
  EXPECT_EQ(info["ds[ping5].minimal_heartbeat"], "600");
  EXPECT_EQ(layout_lines(info), layout_lines(golden));
  EXPECT_EQ(std::filesystem::file_size(spec.path), 1039568u);  // §1.3
  EXPECT_EQ(log.text(), "");
}

TEST_F(StoreTest, PrepareMakesMissingDirectories0755) {
  ::umask(022);
  RrdSpec spec = debian_spec(dir.path("data/A/sub/deep/x~boomer.rrd"));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  struct stat st {};
  ASSERT_EQ(::stat(dir.path("data/A/sub").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  EXPECT_TRUE(std::filesystem::is_regular_file(spec.path));
}

TEST_F(StoreTest, PrepareLeavesAnExistingFileAlone) {
  RrdSpec spec = debian_spec(dir.path("x.rrd"));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  struct stat before {
  }, after{};
  ASSERT_EQ(::stat(spec.path.c_str(), &before), 0);
  ASSERT_EQ(store.prepare(spec, kNow + 3600), std::nullopt);
  ASSERT_EQ(::stat(spec.path.c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);
  EXPECT_EQ(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
  EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
  EXPECT_EQ(rrd_info_lines(spec.path)["last_update"], std::to_string(kNow - 1));
  EXPECT_EQ(log.text(), "");
}

TEST_F(StoreTest, CheckLayoutNamesTheFatalDifferences) {
  RrdSpec spec = debian_spec(dir.path("four.rrd"));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  EXPECT_EQ(check_layout(spec), std::nullopt);
  EXPECT_EQ(check_layout(debian_spec(spec.path, 300, 6)),
            "Different number of data sources: " + spec.path + " has 8, create string has 9");
  EXPECT_EQ(check_layout(debian_spec(spec.path, 60)),
            "Wrong value of step: " + spec.path + " has 300, create string has 60");
  RrdSpec max_for_min = spec;
  max_for_min.rras[2].cf = "MAX";
  EXPECT_EQ(check_layout(max_for_min),
            "Different arguments: " + spec.path +
                " has RRA:MIN:0.5:12:4320, create string has RRA:MAX:0.5:12:4320");
}

TEST_F(StoreTest, InfoOfARealFileGivesItsCreateArguments) {
  RrdSpec spec = debian_spec(dir.path("i.rrd"), 60, 12);
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  detail::InfoRead read = detail::rrd_read_info(spec.path);
  ASSERT_TRUE(read.info) << read.error;
  detail::ReadLayout layout = detail::info_to_layout(spec.path, *read.info);
  ASSERT_TRUE(layout.layout) << layout.error;
  std::vector<std::string> args = create_args(spec, kNow);
  EXPECT_EQ(layout.layout->step, 60);
  EXPECT_EQ(layout.layout->ds, std::vector<std::string>(args.begin() + 4, args.begin() + 19));
  EXPECT_EQ(layout.layout->rras, std::vector<std::string>(args.begin() + 19, args.end()));
}

TEST_F(StoreTest, FilesOfDifferentLayoutsAreEachCheckedAgainstTheirOwn) {
  RrdSpec five = debian_spec(dir.path("five.rrd")), six = debian_spec(dir.path("six.rrd"), 300, 6);
  for (int round = 0; round < 3; ++round) {
    ASSERT_EQ(store.prepare(five, kNow), std::nullopt);
    ASSERT_EQ(store.prepare(six, kNow), std::nullopt);
  }
  EXPECT_EQ(log.text(), "");
  RrdSpec six_as_five = debian_spec(six.path);
  EXPECT_EQ(store.verify(six_as_five),
            "Error: RRD parameter mismatch ('Different number of data sources: " + six.path +
                " has 9, create string has 8'). You must delete " + six.path +
                " or fix the configuration parameters.");
}

TEST_F(StoreTest, PrepareReturnsTheOriginalsFatalMessage) {
  RrdSpec spec = debian_spec(dir.path("absent.rrd"));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  spec.rras[2].cf = "MAX";
  // reference/web/rrd/daemon-debug-run.txt, "with the MIN row ... changed to MAX".
  const std::string expected =
      "Error: RRD parameter mismatch ('Different arguments: " + spec.path +
      " has RRA:MIN:0.5:12:4320, create string has RRA:MAX:0.5:12:4320'). You must delete " +
      spec.path + " or fix the configuration parameters.";
  EXPECT_EQ(store.prepare(spec, kNow), expected);
  EXPECT_EQ(log.text(), "error " + expected + "\n");
}

TEST_F(StoreTest, RraRowChangeOnlyWarnsWithTheOriginalsWords) {
  RrdSpec spec = debian_spec(dir.path("loss2.rrd"));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  spec.rras[0].rows = 2016;
  EXPECT_EQ(check_layout(spec), std::nullopt);
  EXPECT_EQ(store.prepare(spec, kNow), std::nullopt);
  EXPECT_EQ(log.text(),
            "warning Warning: RRD parameter mismatch('Different RRA parameters: " + spec.path +
                " has RRA:AVERAGE:0.5:1:1008, create string has "
                "RRA:AVERAGE:0.5:1:2016'). Continuing anyway.\n");
  EXPECT_EQ(rrd_info_lines(spec.path)["rra[0].rows"], "1008");  // nothing is converted
}

TEST_F(StoreTest, PrepareTunesDsLimitsBackToTheConfig) {
  RrdSpec spec = debian_spec(dir.path("t.rrd"));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  ASSERT_EQ(detail::rrd_run(detail::RrdVerb::tune,
                            {spec.path, "--maximum", "loss:9", "--heartbeat", "median:900"}),
            std::nullopt);
  ASSERT_EQ(rrd_info_lines(spec.path)["ds[loss].max"], "9.0000000000e+00");
  EXPECT_EQ(store.prepare(spec, kNow), std::nullopt);
  EXPECT_EQ(log.text(), "warning ## Updating " + spec.path +
                            " DS:loss maximum 9 -> 5\n"
                            "warning ## Updating " +
                            spec.path + " DS:median heartbeat 900 -> 600\n");
  auto info = rrd_info_lines(spec.path);
  EXPECT_EQ(info["ds[loss].max"], "5.0000000000e+00");
  EXPECT_EQ(info["ds[median].minimal_heartbeat"], "600");
}

TEST_F(StoreTest, UnknownVersionIsRefused) {
  RrdSpec spec = debian_spec(dir.path("v.rrd"));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  {
    std::fstream file(spec.path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4);  // after the "RRD\0" cookie
    file.write("0004", 4);
  }
  EXPECT_EQ(check_layout(spec), spec.path + ": unknown RRD version: 0004");
  EXPECT_EQ(store.prepare(spec, kNow), spec.path + ": unknown RRD version: 0004");
}

TEST_F(StoreTest, UnreadableFileIsFatal) {
  RrdSpec spec = debian_spec(dir.path("junk.rrd"));
  std::ofstream(spec.path) << "not an rrd\n";
  auto error = store.prepare(spec, kNow);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->rfind("RRDs::info " + spec.path + ": ERROR: ", 0), 0u) << *error;
}

TEST_F(StoreTest, UpdateWritesARowFetchCanRead) {
  const std::int64_t t0 = 1795627200;  // a step boundary
  RrdSpec spec = debian_spec(dir.path("u.rrd"));
  ASSERT_EQ(store.prepare(spec, t0), std::nullopt);
  ASSERT_TRUE(store.update(spec, t0 + 300,
                           "U:1:3.0000000000e-04:1.0000000000e-04:2.0000000000e-04:"
                           "3.0000000000e-04:4.0000000000e-04:U"))
      << log.text();
  EXPECT_EQ(rrd_info_lines(spec.path)["last_update"], std::to_string(t0 + 300));

  time_t start = t0, end = t0 + 300;
  unsigned long step = 300, ds_count = 0;
  char** names = nullptr;
  rrd_value_t* data = nullptr;
  rrd_clear_error();
  ASSERT_EQ(
      rrd_fetch_r(spec.path.c_str(), "AVERAGE", &start, &end, &step, &ds_count, &names, &data), 0)
      << rrd_get_error();
  ASSERT_EQ(ds_count, 8u);
  EXPECT_STREQ(names[2], "median");
  bool seen = false;
  for (time_t t = start + static_cast<time_t>(step), row = 0; t <= end; t += step, ++row) {
    if (t != t0 + 300) continue;
    seen = true;
    EXPECT_DOUBLE_EQ(data[row * 8 + 1], 1.0);
    EXPECT_DOUBLE_EQ(data[row * 8 + 2], 3e-4);
    EXPECT_DOUBLE_EQ(data[row * 8 + 3], 1e-4);
    EXPECT_TRUE(std::isnan(data[row * 8 + 0]));
    EXPECT_TRUE(std::isnan(data[row * 8 + 7]));
  }
  EXPECT_TRUE(seen);
  for (unsigned long i = 0; i < ds_count; ++i) rrd_freemem(names[i]);
  rrd_freemem(names);
  rrd_freemem(data);
}

TEST_F(StoreTest, UpdateOfAMissingFileFailsAndLogs) {
  RrdSpec spec = debian_spec(dir.path("missing.rrd"));
  EXPECT_FALSE(store.update(spec, kNow, "U:5:U:U:U:U:U:U"));
  EXPECT_EQ(log.text().rfind("warning rrd update failed file=" + spec.path + " err=", 0), 0u)
      << log.text();
  EXPECT_FALSE(std::filesystem::exists(spec.path));
}

TEST_F(StoreTest, UpdateInThePastFailsAndLogs) {
  RrdSpec spec = debian_spec(dir.path("p.rrd"));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  EXPECT_FALSE(store.update(spec, kNow - 600, "U:5:U:U:U:U:U:U"));
  EXPECT_NE(log.text().find("err="), std::string::npos);
}

TEST_F(StoreTest, QuietUpdateLogsARowNotNewerAtDebugOnly) {
  RrdSpec spec = debian_spec(dir.path("q.rrd"));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  ASSERT_TRUE(store.update(spec, kNow + 60, "U:5:U:U:U:U:U:U"));
  EXPECT_FALSE(store.update(spec, kNow + 60, "U:5:U:U:U:U:U:U", true));
  EXPECT_EQ(log.text().rfind("debug rrd update failed file=" + spec.path, 0), 0u) << log.text();
  EXPECT_NE(log.text().find("minimum one second step"), std::string::npos) << log.text();
}

TEST_F(StoreTest, QuietUpdateStillWarnsOfABrokenFile) {
  RrdSpec spec = debian_spec(dir.path("broken.rrd"));
  std::ofstream(spec.path) << "not an RRD file\n";
  EXPECT_FALSE(store.update(spec, kNow, "U:5:U:U:U:U:U:U", true));
  EXPECT_EQ(log.text().rfind("warning rrd update failed file=" + spec.path, 0), 0u) << log.text();
}

TEST_F(StoreTest, MkdirFailureIsFatalWithTheOriginalsWords) {
  std::ofstream(dir.path("A")) << "a file where a directory belongs\n";
  RrdSpec spec = debian_spec(dir.path("A/sub/b.rrd"));
  EXPECT_EQ(store.prepare(spec, kNow), "ERROR: mkdir " + dir.path("A") + ": File exists");
  EXPECT_EQ(log.text(), "error ERROR: mkdir " + dir.path("A") + ": File exists\n");
}

TEST_F(StoreTest, FailedCreateIsLoggedButNotFatal) {
  RrdSpec spec = debian_spec(dir.path("dir.rrd"));
  std::filesystem::create_directories(spec.path);  // not a plain file: the original creates
  EXPECT_EQ(store.prepare(spec, kNow), std::nullopt);
  EXPECT_EQ(log.text().rfind("error rrd create failed file=" + spec.path + " err=", 0), 0u)
      << log.text();
}

// librrd 1.7 answers a failed write of a new file (a full disk) with success and no file; a
// file size limit makes the same write fail here.
TEST_F(StoreTest, CreateThatWroteNoFileIsLoggedAndLeavesNothingBehind) {
  RrdSpec spec = debian_spec(dir.path("full.rrd"));
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of death
  rlimit tiny = old;
  tiny.rlim_cur = 8192;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &tiny), 0);
  auto error = store.prepare(spec, kNow);
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);

  EXPECT_EQ(error, std::nullopt);  // logged, not fatal, like any failed create
  EXPECT_EQ(log.text().rfind("error rrd create failed file=" + spec.path + " err=", 0), 0u)
      << log.text();
  // librrd gives no text of its own: the log says what the file system says.
  EXPECT_NE(log.text().find("wrote no file and gave no reason (disk full? "), std::string::npos)
      << log.text();
  EXPECT_FALSE(store.exists(spec));
  for (const auto& entry : std::filesystem::directory_iterator(dir.path("")))
    ADD_FAILURE() << "left behind: " << entry.path();
}

TEST_F(StoreTest, VerifyChecksButNeverCreates) {
  RrdSpec spec = debian_spec(dir.path("cgi/x.rrd"));
  EXPECT_EQ(store.verify(spec), std::nullopt);
  EXPECT_FALSE(std::filesystem::exists(dir.path("cgi")));
  ASSERT_EQ(store.prepare(spec, kNow), std::nullopt);
  EXPECT_EQ(store.verify(debian_spec(spec.path, 60)),
            "Error: RRD parameter mismatch ('Wrong value of step: " + spec.path +
                " has 300, create string has 60'). You must delete " + spec.path +
                " or fix the configuration parameters.");
}

TEST_F(StoreTest, ConcurrentUpdatesFromSeveralThreads) {
  constexpr int kFiles = 4;
  std::vector<RrdSpec> specs;
  for (int i = 0; i < kFiles; ++i) {
    specs.push_back(debian_spec(dir.path("c" + std::to_string(i) + ".rrd")));
    ASSERT_EQ(store.prepare(specs.back(), kNow), std::nullopt);
  }
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < kFiles; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 1; round <= 20; ++round)
        ok += store.update(specs[i], kNow + round * 300, "U:0:1e-3:1e-3:1e-3:1e-3:1e-3:1e-3");
      // A failure in one thread must not leak its error text into another's result.
      ok -= store.update(specs[i], kNow, "U:0:U:U:U:U:U:U") ? 1000 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, kFiles * 20);
}

}  // namespace
}  // namespace smokeping::store
