// `smokeping --static-pages[=DIR]` run in-process: where the files go, and bad input refused
// before anything is written.
#include "smokeping/daemon/static_pages.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "tests/support/run_cli.hpp"
#include "tests/support/temp_config.hpp"

namespace {

namespace fs = std::filesystem;
using smokeping::test::TempConfig;

using smokeping::test::CliRun;

CliRun run(std::vector<std::string> args) { return smokeping::test::run_cli(std::move(args)); }

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every file below `dir`, relative to it.
std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    out.push_back(fs::relative(entry.path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

const char* kTargets =
    "*** Targets ***\nprobe = FPing\nmenu = Top\ntitle = Top\n"
    "+ Local\nmenu = Local\ntitle = Local host\nhost = 127.0.0.1\n"
    "+ Group\nmenu = Group\ntitle = A group\n"
    "++ Sub-host_1\nmenu = Sub\ntitle = Sub host\nhost = 127.0.0.2\n";

TEST(ReplaceFile, WritesTheWholeTextWithMode0644AndNoTemporary) {
  TempConfig dir;
  const std::string text(100000, 'x');
  smokeping::daemon::replace_file(dir.path("cache"), "page.html", text);
  EXPECT_EQ(read(dir.path("cache/page.html")), text);
  struct stat st {};
  ASSERT_EQ(::stat(dir.path("cache/page.html").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  EXPECT_EQ(files_in(dir.path("cache")), std::vector<std::string>{"page.html"});
}

TEST(ReplaceFile, ReplacesAnOlderVersion) {
  TempConfig dir;
  dir.write("cache/page.html", "old and longer than the new one");
  smokeping::daemon::replace_file(dir.path("cache"), "page.html", "new");
  EXPECT_EQ(read(dir.path("cache/page.html")), "new");
  EXPECT_EQ(files_in(dir.path("cache")), std::vector<std::string>{"page.html"});
}

TEST(ReplaceFile, MissingDirectoryThrowsNamingIt) {
  TempConfig dir;
  const std::string missing = dir.path("nonexistent");
  try {
    smokeping::daemon::replace_file(missing, "page.html", "x");
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
    EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
  }
  EXPECT_FALSE(fs::exists(missing));
}

TEST(StaticPages, WithoutDirAndWithoutPagedirSaysSo) {
  TempConfig dir;
  std::string config = dir.write("etc/config", dir.config(kTargets));
  CliRun r = run({"--config=" + config, "--static-pages"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "ERROR: No pagedir defined for static pages\n");
  EXPECT_TRUE(files_in(dir.path("data")).empty());  // refused before the RRD files are made
}

TEST(StaticPages, DirBelowARegularFileIsRefusedNamingIt) {
  TempConfig dir;
  std::string config = dir.write("etc/config", dir.config(kTargets));
  std::string file = dir.write("afile", "x");
  CliRun r = run({"--config=" + config, "--static-pages=" + file + "/pages"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "ERROR: cannot create " + file + "/pages: Not a directory\n");
  EXPECT_TRUE(files_in(dir.path("data")).empty());
}

TEST(StaticPages, DirThatIsARegularFileIsRefused) {
  TempConfig dir;
  std::string config = dir.write("etc/config", dir.config(kTargets));
  std::string file = dir.write("afile", "x");
  CliRun r = run({"--config=" + config, "--static-pages=" + file});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("ERROR: cannot create " + file), std::string::npos) << r.err;
  EXPECT_EQ(read(file), "x");
}

TEST(StaticPages, DirThatTakesNoFilesIsRefusedBeforeAnyWork) {
  TempConfig dir;
  std::string config = dir.write("etc/config", dir.config(kTargets));
  CliRun r = run({"--config=" + config, "--static-pages=/proc"});  // even root cannot add files
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("ERROR: cannot write into /proc: ", 0), 0u) << r.err;
  EXPECT_TRUE(files_in(dir.path("data")).empty());
}

TEST(StaticPages, ReadOnlyDirIsRefusedWithoutPartialPages) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only directories";
  TempConfig dir;
  std::string config = dir.write("etc/config", dir.config(kTargets));
  fs::create_directory(dir.path("pages"));
  ::chmod(dir.path("pages").c_str(), 0555);
  CliRun r = run({"--config=" + config, "--static-pages=" + dir.path("pages")});
  ::chmod(dir.path("pages").c_str(), 0755);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "ERROR: cannot write into " + dir.path("pages") + ": Permission denied\n");
  EXPECT_TRUE(files_in(dir.path("pages")).empty());
}

TEST(StaticPages, TopLevelNodeNamedIndexIsRefusedBeforeWriting) {
  TempConfig dir;
  std::string config = dir.write(
      "etc/config",
      dir.config(std::string(kTargets) + "+ index\nmenu = I\ntitle = I\nhost = 127.0.0.3\n"));
  CliRun r = run({"--config=" + config, "--static-pages=" + dir.path("pages")});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("ERROR: target 'index'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path("pages")));
}

TEST(StaticPages, BadConfigIsAnErrorNamingTheLine) {
  TempConfig dir;
  std::string config = dir.write("etc/config", dir.config(std::string(kTargets) + "bogus = 1\n"));
  CliRun r = run({"--config=" + config, "--static-pages=" + dir.path("pages")});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("ERROR: " + config + ", line ", 0), 0u) << r.err;
  EXPECT_FALSE(fs::exists(dir.path("pages")));
}

TEST(StaticPages, WritesEveryPageWithItsGraphsIntoDir) {
  TempConfig dir;
  std::string config = dir.write("etc/config", dir.config(kTargets));
  const std::string pages = dir.path("pages");
  CliRun r = run({"--config=" + config, "--static-pages=" + pages});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* name : {"index.html", "Local.html", "Group.html", "Group.Sub-host_1.html"})
    EXPECT_TRUE(fs::is_regular_file(pages + "/" + name)) << name;
  // The RRD files were made as at a daemon start, and the graphs drawn from them into DIR.
  EXPECT_TRUE(fs::exists(dir.path("data/Local.rrd")));
  EXPECT_TRUE(fs::exists(dir.path("data/Group/Sub-host_1.rrd")));
  for (const char* image : {"Local_mini.png", "Local_last_10800.png", "Group/Sub-host_1_mini.png",
                            "Group/Sub-host_1_last_10800.png", "rrdtool.png", "smokeping.png"}) {
    EXPECT_GT(fs::file_size(pages + "/" + image), 8u) << image;
    EXPECT_EQ(read(pages + "/" + image).substr(1, 3), "PNG") << image;
  }
  for (const auto& file : files_in(pages))
    EXPECT_NE(fs::path(file).filename().string()[0], '.') << "temporary left: " << file;
  // The template of TempConfig shows the body only: the detail graphs, named from the page
  // (with the original's `//` for a node at the top).
  EXPECT_NE(read(pages + "/Local.html").find("SRC=\".//Local_last_10800.png\""), std::string::npos);
  EXPECT_TRUE(files_in(dir.path("cache")).empty());  // imgcache untouched with DIR
}

TEST(StaticPages, WithoutDirUsesPagedirAndTheImageCache) {
  TempConfig dir;
  fs::create_directory(dir.path("pagedir"));
  std::string config = dir.write(
      "etc/config", dir.config_with("pagedir = " + dir.path("pagedir") + "\n", "", kTargets));
  CliRun r = run({"--config=" + config, "--static-pages"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(dir.path("pagedir/index.html")));
  EXPECT_TRUE(fs::is_regular_file(dir.path("pagedir/Group.Sub-host_1.html")));
  EXPECT_TRUE(fs::is_regular_file(dir.path("cache/Local_last_10800.png")));
  EXPECT_NE(read(dir.path("pagedir/Local.html")).find("SRC=\"cache//Local_last_10800.png\""),
            std::string::npos);
}

}  // namespace
