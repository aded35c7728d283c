// `smokeping --gen-examples[=DIR]`: the original's six examples, each passing the config
// check, written only when all pass; bad directories change nothing.
#include "smokeping/daemon/gen_examples.hpp"

#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "smokeping/config/load.hpp"
#include "smokeping/daemon/example_configs.hpp"
#include "smokeping/probes/probe.hpp"
#include "tests/support/run_cli.hpp"

namespace smokeping::daemon {
namespace {

namespace fs = std::filesystem;

using test::CliRun;

CliRun run_cli_args(std::vector<std::string> args) { return test::run_cli(std::move(args)); }

std::set<std::string> entries(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class GenExamples : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "sp-gen-examples-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override {
    ::chmod(dir_.c_str(), 0700);
    fs::remove_all(dir_);
  }
  fs::path dir_;
};

const std::set<std::string> kOriginalFiles = {
    "config.simple",          "config.multiple-probes",
    "config.fping-instances", "config.targetvars-with-Curl",
    "config.echoping",        "config.template"};

TEST(ExampleConfigs, HaveTheOriginalsNamesInItsOrder) {
  std::vector<std::string> names;
  for (const auto& e : example_configs()) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"simple", "multiple-probes", "fping-instances",
                                             "targetvars-with-Curl", "echoping", "template"}));
}

TEST(ExampleConfigs, EachHasEverySectionOnce) {
  for (const auto& e : example_configs()) {
    for (const char* section : {"*** General ***", "*** Alerts ***", "*** Database ***",
                                "*** Presentation ***", "*** Probes ***", "*** Targets ***"}) {
      std::size_t first = e.text.find(std::string("\n") + section);
      EXPECT_NE(first, std::string::npos) << e.name << " lacks " << section;
      EXPECT_EQ(e.text.find(std::string("\n") + section, first + 1), std::string::npos)
          << e.name << " has " << section << " twice";
    }
  }
}

TEST_F(GenExamples, WritesEveryExampleIntoTheGivenDirectoryAndEachPassesTheCheck) {
  CliRun r = run_cli_args({"--gen-examples=" + dir_.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(entries(dir_), kOriginalFiles);  // and no scratch directory left behind
  EXPECT_EQ(r.out.rfind("Generating example files...\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\t" + (dir_ / "config.simple").string() + " ...\n"), std::string::npos)
      << r.out;
  EXPECT_TRUE(r.out.ends_with("done.\n")) << r.out;

  config::LoadOptions load;
  load.env.check_paths = false;
  for (const auto& e : example_configs()) {
    fs::path file = dir_ / ("config." + e.name);
    EXPECT_EQ(read(file), e.text) << file;
    auto cfg = config::load_config(file.string(), load);
    EXPECT_FALSE(cfg->probes.empty()) << file;
  }
}

TEST_F(GenExamples, EveryProbeTheyNameRunsInThisBuild) {
  ASSERT_EQ(run_cli_args({"--gen-examples=" + dir_.string()}).status, 0);
  config::LoadOptions load;
  load.env.check_paths = false;
  auto log = std::make_shared<spdlog::logger>("test");  // no sinks: nothing printed
  for (const auto& e : example_configs()) {
    auto cfg = config::load_config((dir_ / ("config." + e.name)).string(), load);
    for (const auto& probe : cfg->probes) {
      EXPECT_NO_THROW(probes::make_probe(probe, log)) << "config." << e.name << ": " << probe.name;
    }
  }
}

TEST_F(GenExamples, TemplateExampleIsConfigDistFromItsFirstSection) {
  ASSERT_EQ(generate_examples(dir_.string(), std::cout, std::cerr), 0);
  std::string dist = read(fs::path(SMOKEPING_SOURCE_DIR) / "etc/config.dist");
  std::string sections = dist.substr(dist.find("\n*** General ***") + 1);
  std::string text = read(dir_ / "config.template");
  ASSERT_GT(text.size(), sections.size());
  EXPECT_EQ(text.substr(text.size() - sections.size()), sections);
}

TEST_F(GenExamples, MissingDirectoryIsCreatedButNotItsParents) {
  fs::path fresh = dir_ / "examples";
  EXPECT_EQ(generate_examples(fresh.string(), std::cout, std::cerr), 0);
  EXPECT_EQ(entries(fresh), kOriginalFiles);

  std::ostringstream out, err;
  fs::path deep = dir_ / "no" / "such";
  EXPECT_EQ(generate_examples(deep.string(), out, err), 1);
  EXPECT_EQ(err.str().rfind("ERROR: cannot create directory " + deep.string() + ": ", 0), 0u)
      << err.str();
  EXPECT_FALSE(fs::exists(dir_ / "no"));
}

TEST_F(GenExamples, DefaultDirectoryIsExamplesBelowTheCurrentOne) {
  fs::path before = fs::current_path();
  fs::current_path(dir_);
  CliRun r = run_cli_args({"--gen-examples"});
  fs::current_path(before);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(entries(dir_ / "examples"), kOriginalFiles);
  EXPECT_NE(r.out.find("\texamples/config.echoping ...\n"), std::string::npos) << r.out;
}

TEST_F(GenExamples, ExistingExamplesAreReplacedOtherFilesKept) {
  std::ofstream(dir_ / "config.simple") << "old text\n";
  std::ofstream(dir_ / "notes.txt") << "mine\n";
  ASSERT_EQ(generate_examples(dir_.string(), std::cout, std::cerr), 0);
  EXPECT_NE(read(dir_ / "config.simple"), "old text\n");
  EXPECT_EQ(read(dir_ / "notes.txt"), "mine\n");
}

TEST_F(GenExamples, PathThatIsAFileIsRefusedAndLeftAlone) {
  fs::path file = dir_ / "plain";
  std::ofstream(file) << "keep\n";
  std::ostringstream out, err;
  EXPECT_EQ(generate_examples(file.string(), out, err), 1);
  EXPECT_NE(err.str().find("cannot create directory " + file.string()), std::string::npos)
      << err.str();
  EXPECT_EQ(read(file), "keep\n");
}

TEST_F(GenExamples, UnwritableDirectoryIsRefusedAndStaysEmpty) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into a read-only directory";
  ASSERT_EQ(::chmod(dir_.c_str(), 0500), 0);
  std::ostringstream out, err;
  EXPECT_EQ(generate_examples(dir_.string(), out, err), 1);
  EXPECT_NE(err.str().find("ERROR: cannot write into " + dir_.string()), std::string::npos)
      << err.str();
  ::chmod(dir_.c_str(), 0700);
  EXPECT_TRUE(entries(dir_).empty());
}

TEST_F(GenExamples, DirectoryMayFollowAsItsOwnArgumentLikeThePageOfMan) {
  CliRun r = run_cli_args({"--gen-examples", dir_.string()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(entries(dir_), kOriginalFiles);
}

TEST_F(GenExamples, SecondArgumentIsAUsageErrorAndWritesNothing) {
  CliRun r = run_cli_args({"--gen-examples", dir_.string(), "extra"});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(entries(dir_).empty());
}

TEST_F(GenExamples, PathBelowAFileIsRefused) {
  std::ofstream(dir_ / "plain") << "keep\n";
  std::ostringstream out, err;
  EXPECT_EQ(generate_examples((dir_ / "plain" / "sub").string(), out, err), 1);
  EXPECT_NE(err.str().find("Not a directory"), std::string::npos) << err.str();
  EXPECT_EQ(entries(dir_), std::set<std::string>{"plain"});
}

}  // namespace
}  // namespace smokeping::daemon
