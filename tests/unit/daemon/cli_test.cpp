// The `smokeping` command line, run in-process: exit codes, what is printed, bad input.
#include "smokeping/daemon/cli.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_cli.hpp"

namespace {

namespace fs = std::filesystem;

using smokeping::test::CliRun;

CliRun run(std::vector<std::string> args) { return smokeping::test::run_cli(std::move(args)); }

long lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sp-cli-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string write(const std::string& name, const std::string& data) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << data;
    return p;
  }

 private:
  std::string path_;
};

// A bad config gives exit status 1 and exactly one line naming the file and a line.
void expect_one_line_error(const CliRun& r, const std::string& file, const std::string& text) {
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_EQ(r.err.rfind("ERROR: " + file + ", line ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
}

TEST(Cli, VersionNamesOurVersionAndTheCompatibleOne) {
  CliRun r = run({"--version"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("smokeping "), std::string::npos);
  EXPECT_NE(r.out.find("compatible with SmokePing 2.7.3"), std::string::npos);
}

TEST(Cli, HelpListsEveryOriginalOption) {
  CliRun r = run({"--help"});
  EXPECT_EQ(r.status, 0);
  for (const char* option :
       {"--config",       "--check",        "--debug",      "--debug-daemon", "--nodaemon",
        "--logfile",      "--nosleep",      "--filter",     "--reload",       "--restart",
        "--static-pages", "--email",        "--version",    "--help",         "--man",
        "--makepod",      "--gen-examples", "--master-url", "--cache-dir",    "--shared-secret",
        "--slave-name",   "--pid-dir"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
}

TEST(Cli, UnknownOptionPrintsUsageAndExits2) {
  CliRun r = run({"--frobnicate"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("Usage:"), std::string::npos);
}

TEST(Cli, StrayArgumentIsRefused) {
  CliRun r = run({"--check", "extra"});
  EXPECT_EQ(r.status, 2);
}

TEST(Cli, CheckAcceptsEveryOptionSpellingOfTheOriginal) {
  TempDir dir;
  std::string missing = dir.path() + "/none";
  // Each spelling must reach the check (and fail on the missing file), not the usage text.
  for (std::vector<std::string> args : {std::vector<std::string>{"--check", "--config=" + missing},
                                        {"--check", "--config", missing},
                                        {"-check", "-config=" + missing},
                                        {"--CHECK", "--Config=" + missing},
                                        {"--chec", "--conf", missing}}) {
    CliRun r = run(args);
    EXPECT_EQ(r.status, 1) << args[0] << " " << r.err;
    EXPECT_NE(r.err.find("can't open " + missing), std::string::npos) << r.err;
  }
}

TEST(Cli, EmptyFile) {
  TempDir dir;
  std::string f = dir.write("config", "");
  expect_one_line_error(run({"--check", "--config=" + f}), f, "mandatory variable 'General'");
}

TEST(Cli, BinaryGarbage) {
  TempDir dir;
  std::mt19937 rng(42);
  std::string data(64 * 1024, '\0');
  for (auto& c : data) c = static_cast<char>(rng());
  std::string f = dir.write("config", data);
  CliRun r = run({"--check", "--config=" + f});
  expect_one_line_error(r, f, ":");
  // Control bytes of the input are shown escaped, never sent raw to the terminal.
  for (char c : r.err) {
    if (c == '\n') continue;
    EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f);
  }
}

TEST(Cli, TenMegabyteLine) {
  TempDir dir;
  std::string f =
      dir.write("config", "*** General ***\nowner = " + std::string(10 << 20, 'x') + "\n");
  expect_one_line_error(run({"--check", "--config=" + f}), f, "line is longer than");
}

TEST(Cli, IncludeCycle) {
  TempDir dir;
  std::string a = dir.write("a", "*** General ***\n@include b\n");
  std::string b = dir.write("b", "@include a\n");
  expect_one_line_error(run({"--check", "--config=" + a}), b, "@include cycle");
}

TEST(Cli, IncludeOfMissingFile) {
  TempDir dir;
  std::string a = dir.write("a", "*** General ***\n@include nothere\n");
  expect_one_line_error(run({"--check", "--config=" + a}), a,
                        "can't open " + dir.path() + "/nothere: No such file or directory");
}

TEST(Cli, DirectoryAsConfig) {
  TempDir dir;
  CliRun r = run({"--check", "--config=" + dir.path()});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(lines(r.err), 1);
  EXPECT_EQ(r.err, "ERROR: " + dir.path() + ": can't open " + dir.path() + ": Is a directory\n");
}

TEST(Cli, MissingConfigFile) {
  TempDir dir;
  std::string f = dir.path() + "/none";
  CliRun r = run({"--check", "--config=" + f});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "ERROR: " + f + ": can't open " + f + ": No such file or directory\n");
}

}  // namespace
