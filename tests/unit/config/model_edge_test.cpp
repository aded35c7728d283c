// The typed model on small configs of their own: code defaults, concurrentprobes, the file
// list, and values the original treats specially. Tests marked BUG fail on purpose: they
// show where our model differs from the original (see the comment above each).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "smokeping/config/load.hpp"
#include "smokeping/config/model.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::config {
namespace {

using test::TempConfig;
using Strings = std::vector<std::string>;

std::shared_ptr<const Config> load_with(const TempConfig& tmp, const std::string& general_extra,
                                        const std::string& probes, const std::string& targets) {
  return test::load(tmp.write("etc/config", tmp.config_with(general_extra, probes, targets)));
}

// The offset a probe's process uses, read the way model.hpp documents ProbeInstance::
// offset_percent ("nullopt: General offset applies"); nullopt in the result means random.
// ProbeInstance::offset_percent is already the offset that applies (nullopt: random).
std::optional<int> effective_offset(const Config& cfg, const ProbeInstance& p) {
  (void)cfg;
  return p.offset_percent;
}

std::string dns_probe(const TempConfig& tmp, const std::string& extra) {
  return "+ DNS\nbinary = " + tmp.path("fping") + "\n" + extra;
}

TEST(ModelGeneral, CodeDefaultsWhenGeneralLeavesThemOut) {
  TempConfig tmp;
  auto cfg = load_with(tmp, "", "", TempConfig::targets_top());
  EXPECT_EQ(cfg->general.offset_percent, std::nullopt);
  EXPECT_TRUE(cfg->general.concurrentprobes);
  EXPECT_EQ(cfg->general.syslogpriority, "info");
  EXPECT_EQ(cfg->general.linkstyle, "relative");
  EXPECT_EQ(cfg->general.dyndir, tmp.path("data"));
  EXPECT_EQ(cfg->general.precreateperms, std::nullopt);
}

TEST(ModelGeneral, OffsetRandomIsNullopt) {
  TempConfig tmp;
  auto cfg = load_with(tmp, "offset = random\n", "", TempConfig::targets_top());
  EXPECT_EQ(cfg->general.offset_percent, std::nullopt);
}

TEST(ModelGeneral, PrecreatepermsIsOctal) {
  TempConfig tmp;
  auto cfg = load_with(tmp, "precreateperms = 0755\n", "", TempConfig::targets_top());
  EXPECT_EQ(cfg->general.precreateperms, 0755u);
}

// Regression, was broken: build_general converts precreateperms with std::stoul, which throws
// std::out_of_range for a long digit string that `[0-7]+` admits; `smokeping --check` then aborts
// (exit 134) where the original prints "syntax OK".
TEST(ModelGeneral, HugePrecreatepermsDoesNotThrowOutOfRange) {
  TempConfig tmp;
  EXPECT_NO_THROW(load_with(tmp, "precreateperms = 7777777777777777777777777\n", "",
                            TempConfig::targets_top()));
}

TEST(ModelPresentation, MultihostColoursGivenAreUsed) {
  TempConfig tmp;
  std::string text = tmp.general() + TempConfig::database() +
                     tmp.presentation("+ multihost\ncolors = ff0000 00ff00\n") + tmp.probes() +
                     TempConfig::targets_top();
  auto cfg = test::load(tmp.write("etc/config", text));
  EXPECT_EQ(cfg->presentation.multihost_colors, (Strings{"ff0000", "00ff00"}));
}

TEST(ModelProbes, StepOfProbeIgnoredWithoutConcurrentProbes) {
  TempConfig tmp;
  auto cfg = load_with(tmp, "concurrentprobes = no\n", dns_probe(tmp, "step = 60\n"),
                       "*** Targets ***\nprobe = DNS\nmenu = T\ntitle = T\n+ A\nhost = 10.0.0.1\n");
  EXPECT_FALSE(cfg->general.concurrentprobes);
  EXPECT_EQ(cfg->find_probe("DNS")->step, 300);
  EXPECT_EQ(cfg->find_target({"A"})->step, 300);
}

TEST(ModelProbes, ProbeOffsetPercentWithConcurrentProbes) {
  TempConfig tmp;
  auto cfg =
      load_with(tmp, "offset = 50%\n", dns_probe(tmp, "offset = 20%\n"), TempConfig::targets_top());
  EXPECT_EQ(effective_offset(*cfg, *cfg->find_probe("DNS")), 20);
  EXPECT_EQ(effective_offset(*cfg, *cfg->find_probe("FPing")), 50);
}

// Regression, was broken: `offset = random` in a probe section is stored as nullopt, which
// model.hpp defines as "General offset applies"; the original (probes/base.pm offset()) uses the
// probe's own 'random' whenever it is set.
TEST(ModelProbes, ProbeOffsetRandomOverridesGeneralPercent) {
  TempConfig tmp;
  auto cfg = load_with(tmp, "offset = 50%\n", dns_probe(tmp, "offset = random\n"),
                       TempConfig::targets_top());
  EXPECT_EQ(effective_offset(*cfg, *cfg->find_probe("DNS")), std::nullopt);
}

// Regression, was broken: with `concurrentprobes = no` the original ignores a probe's `offset`
// (base.pm offset() returns General's), as build_probe already does for `step`; offset_percent
// keeps 20.
TEST(ModelProbes, ProbeOffsetIgnoredWithoutConcurrentProbes) {
  TempConfig tmp;
  auto cfg = load_with(tmp, "concurrentprobes = no\noffset = 50%\n",
                       dns_probe(tmp, "offset = 20%\n"), TempConfig::targets_top());
  EXPECT_EQ(effective_offset(*cfg, *cfg->find_probe("DNS")), 50);
}

TEST(ModelFiles, FilesListTopFileFirstThenIncludes) {
  TempConfig tmp;
  tmp.write("etc/a.inc", "+ A\nhost = 10.0.0.1\n");
  tmp.write("etc/b.inc", "+ B\nhost = 10.0.0.2\n");
  auto cfg = load_with(tmp, "", "", TempConfig::targets_top() + "@include a.inc\n@include b.inc\n");
  const std::string top = tmp.path("etc/config");
  EXPECT_EQ(cfg->file, top);
  EXPECT_EQ(cfg->files, (Strings{top, tmp.path("etc/a.inc"), tmp.path("etc/b.inc")}));
  ASSERT_NE(cfg->find_target({"B"}), nullptr);
  EXPECT_EQ(cfg->find_target({"B"})->loc.file_name(), tmp.path("etc/b.inc"));
}

TEST(ModelFiles, FilesListNestedIncludesAfterTopFile) {
  TempConfig tmp;
  tmp.write("etc/a.inc", "+ A\n@include b.inc\n");
  tmp.write("etc/b.inc", "+ B\n");
  auto cfg = load_with(tmp, "", "", TempConfig::targets_top() + "@include a.inc\n");
  ASSERT_EQ(cfg->files.size(), 3u);
  EXPECT_EQ(cfg->files[0], tmp.path("etc/config"));
  // The order of the included files is not specified (today: the order they were finished).
  Strings included(cfg->files.begin() + 1, cfg->files.end());
  std::sort(included.begin(), included.end());
  EXPECT_EQ(included, (Strings{tmp.path("etc/a.inc"), tmp.path("etc/b.inc")}));
}

// Regression, was broken: the original tests `if ($tree->{slaves})`, so `slaves = 0` means no
// slaves (it loads without a Slaves section and creates no ~0 RRD); build_node makes it {"0"} and
// the load check then throws "ERROR: slave '0' is not defined in the '*** Slaves ***' section!".
TEST(ModelTargets, SlavesZeroMeansNoSlaves) {
  TempConfig tmp;
  std::shared_ptr<const Config> cfg;
  ASSERT_NO_THROW(cfg =
                      load_with(tmp, "", "",
                                TempConfig::targets_top() + "+ A\nhost = 127.0.0.1\nslaves = 0\n"));
  EXPECT_TRUE(cfg->find_target({"A"})->slaves.empty());
}

// Regression, was broken: likewise `if ($tree->{alerts})`: `alerts = 0` switches alerts off (our
// load check already skips "0"), but TargetNode::alerts holds {"0"}.
TEST(ModelTargets, AlertsZeroMeansNoAlerts) {
  TempConfig tmp;
  auto cfg =
      load_with(tmp, "", "", TempConfig::targets_top() + "+ A\nhost = 127.0.0.1\nalerts = 0\n");
  EXPECT_TRUE(cfg->find_target({"A"})->alerts.empty());
}

TEST(ModelTargets, EmptyHostIsStillAHostNode) {
  // The original probes every node that has a `host` key (add_targets), and falls back to
  // "unknown" for menu and title because '' is false in Perl.
  TempConfig tmp;
  auto cfg = load_with(tmp, "", "", TempConfig::targets_top() + "+ A\nhost =\n");
  const TargetNode* a = cfg->find_target({"A"});
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->kind, TargetNode::Kind::host);
  EXPECT_EQ(a->menu, "unknown");
  EXPECT_EQ(a->title, "unknown");
}

}  // namespace
}  // namespace smokeping::config
