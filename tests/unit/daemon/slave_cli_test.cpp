// `smokeping --master-url=...` refusing to start: exit 1 and one clear line, nothing created.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/run_cli.hpp"

namespace {

using smokeping::test::CliRun;

CliRun run(std::vector<std::string> args) { return smokeping::test::run_cli(std::move(args)); }

class SlaveCli : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sp-slave-cli-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    for (const char* name : {"SMOKEPING_MASTER_URL", "SMOKEPING_SHARED_SECRET",
                             "SMOKEPING_SLAVE_NAME", "SMOKEPING_CACHE_DIR", "SMOKEPING_PID_DIR"}) {
      ::unsetenv(name);
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string secret(mode_t mode) {
    std::string path = dir_ + "/secret";
    std::ofstream(path) << "s3cret-one\n";
    ::chmod(path.c_str(), mode);
    return path;
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) {
      out.push_back(e.path().filename().string());
    }
    return out;
  }
  std::string dir_;
};

TEST_F(SlaveCli, MissingCacheDirUsesTheOriginalsWords) {
  CliRun r = run({"--master-url=http://127.0.0.1:1/", "--shared-secret=" + secret(0600)});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "ERROR: no cache-dir defined along with master-url\n");
}

TEST_F(SlaveCli, MissingSharedSecretUsesTheOriginalsWords) {
  CliRun r = run({"--master-url=http://127.0.0.1:1/", "--cache-dir=" + dir_});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "ERROR: no shared-secret defined along with master-url\n");
}

TEST_F(SlaveCli, SecretReadableByOthersIsRefusedNamingTheFile) {
  for (mode_t mode : {0644, 0640, 0604, 0620}) {
    std::string file = secret(mode);
    CliRun r = run({"--master-url=http://127.0.0.1:1/", "--cache-dir=" + dir_,
                    "--shared-secret=" + file, "--nodaemon"});
    EXPECT_EQ(r.status, 1) << std::oct << mode;
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("s3cret-one"), std::string::npos) << r.err;  // never the secret
    EXPECT_EQ(entries(), std::vector<std::string>{"secret"});         // no pid file, no spool file
  }
}

TEST_F(SlaveCli, MissingSecretFileIsRefusedNamingTheFile) {
  CliRun r = run({"--master-url=http://127.0.0.1:1/", "--cache-dir=" + dir_,
                  "--shared-secret=" + dir_ + "/none"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(dir_ + "/none"), std::string::npos) << r.err;
}

TEST_F(SlaveCli, EnvironmentAloneSelectsSlaveMode) {
  ::setenv("SMOKEPING_MASTER_URL", "http://127.0.0.1:1/", 1);
  CliRun r = run({"--cache-dir=" + dir_});
  ::unsetenv("SMOKEPING_MASTER_URL");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "ERROR: no shared-secret defined along with master-url\n");
}

TEST_F(SlaveCli, SlaveOnlyOptionsAreRefusedByAMaster) {
  for (const char* option : {"--ca-file=/x", "--follow-redirects", "--max-cache-age=1d"}) {
    CliRun r = run({option});
    EXPECT_EQ(r.status, 2) << option;
    EXPECT_NE(r.err.find("only applies to a slave"), std::string::npos) << r.err;
  }
}

TEST_F(SlaveCli, SecondSlaveOnTheSamePidDirIsRefused) {
  std::ofstream(dir_ + "/smokeping.pid") << ::getpid() << "\n";  // a live process
  CliRun r = run({"--master-url=http://127.0.0.1:1/", "--cache-dir=" + dir_,
                  "--shared-secret=" + secret(0600), "--nodaemon"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("Another copy of smokeping (" + std::to_string(::getpid()) + ")"),
            std::string::npos)
      << r.err;
}

}  // namespace
