// The typed model load_config builds (config.md §3, §4, §6): values a `--check` verdict
// cannot show — numbers, spans, probe lists, node kinds, fallbacks, pings/step resolution,
// probe variable resolution, list splitting, lookups and traversal order.
#include "smokeping/config/model.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "smokeping/config/config_error.hpp"
#include "smokeping/config/load.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::config {
namespace {

using test::TempConfig;
using Kind = TargetNode::Kind;
using Strings = std::vector<std::string>;

// The sections after Probes of the suite's config; @ROOT@ is the temporary directory.
constexpr const char* kSlavesAlertsTargets = R"(*** Slaves ***
secrets = @ROOT@/secrets
+ boomer
display_name = Boomer
color = ff0000
location = Attic
++ override
Probes.FPing.binary = /usr/bin/fping
+ slave2
display_name = S2
color = 00ff00
*** Alerts ***
to = admin@example.org
from = smokeping@example.org
+ someloss
type = loss
pattern = >10%
comment = some
+ bigloss
type = loss
pattern = >50%
comment = big
*** Targets ***
probe = FPing
menu = Top
title = Top
alerts = someloss , bigloss
+ Local
++ Host1
host = 127.0.0.1
++ Named
menu = Named menu
title = Named title
host = 127.0.0.2
slaves = boomer slave2
alerts = someloss
parents = owner:/Joe/Servers location:/
++ Hidden
host = 127.0.0.3
hide = yes
nomasterpoll = yes
+++ HiddenChild
host = 127.0.0.4
++ Multi
host = /Local/Host1 \
   /Local/Named~boomer
++ Dyn
host = DYNAMIC/secret
++ Quiet
alerts =
menu = 0
+ DnsGroup
probe = DNS
pings = 7
lookup = example.org
++ DnsLeaf
host = 10.0.0.1
++ Switched
probe = TCPPing
host = 10.0.0.2
++ BackToFPing
probe = FPing
host = 10.0.0.9
+ Tcp
probe = TCPPing
host = 10.0.0.3
+ Web
probe = Curl
urlformat = http://%host%/group
++ Site
host = example.org
++ Fast
host = example.net
timeout = 3
+ Http
probe = HttpB
host = example.com
)";

// One config exercising most of the model, loaded once for the suite.
class Model : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempConfig;
    const TempConfig& t = *tmp_;
    std::string text =
        t.general("offset = 50%\n") +
        TempConfig::database(
            "step = 300\npings = 20\nAVERAGE 0.5 1 1008\nMIN 0.5 12 4320\n"
            "\"MAX\" \"0.25\" 144 720\n") +
        t.presentation("+ hierarchies\n++ owner\ntitle = Owner\n++ location\ntitle = Location\n",
                       "\"Last 3 Hours\" 3h\n'Last 10 Days' 10d\nLast\\ Year 1y\n\"Last 30\" 30m\n"
                       "\"Last 2 Weeks\" 2w\n\"Last 90s\" 90s\n") +
        t.probes(t.expand("+ DNS\nbinary = @ROOT@/fping\nstep = 60\noffset = 20%\n"
                          "+ TCPPing\nbinary = @ROOT@/fping\npings = 11\n"
                          "+ Curl\nagent = TestAgent\n"
                          "+ EchoPingHttp\nurl = /base\n++ HttpA\n++ HttpB\nurl = /b\n")) +
        t.expand(kSlavesAlertsTargets);
    try {
      config_ = test::load(t.write("etc/config", text));
    } catch (const ConfigError& e) {
      load_error_ = e.located();
    }
  }
  static void TearDownTestSuite() {
    config_.reset();
    delete tmp_;
    tmp_ = nullptr;
  }

  void SetUp() override { ASSERT_TRUE(config_) << load_error_; }

  static const TargetNode& node(const Strings& path) {
    const TargetNode* n = config_->find_target(path);
    if (!n) throw std::runtime_error("no target " + (path.empty() ? "" : path.back()));
    return *n;
  }

  static TempConfig* tmp_;
  static std::shared_ptr<const Config> config_;
  static std::string load_error_;
};

TempConfig* Model::tmp_ = nullptr;
std::shared_ptr<const Config> Model::config_;
std::string Model::load_error_;

// ---- General, Database, Presentation ----

TEST_F(Model, OffsetPercentIsReadFromGeneral) {
  EXPECT_EQ(config_->general.offset_percent, 50);
  EXPECT_TRUE(config_->general.concurrentprobes);
  EXPECT_EQ(config_->general.dyndir, config_->general.datadir);  // code default
}

TEST_F(Model, DatabaseStepPingsAndRras) {
  EXPECT_EQ(config_->database.step, 300);
  EXPECT_EQ(config_->database.pings, 20);
  std::vector<Rra> expected = {
      {"AVERAGE", 0.5, 1, 1008}, {"MIN", 0.5, 12, 4320}, {"MAX", 0.25, 144, 720}};
  EXPECT_EQ(config_->database.rras, expected);
}

TEST_F(Model, DetailSpansInSeconds) {
  const auto& spans = config_->presentation.detail.spans;
  ASSERT_EQ(spans.size(), 6u);
  std::vector<std::pair<std::string, long>> got;
  for (const auto& s : spans) got.emplace_back(s.label, static_cast<long>(s.seconds.count()));
  std::vector<std::pair<std::string, long>> expected = {
      {"Last 3 Hours", 10800}, {"Last 10 Days", 864000},  {"Last Year", 31536000},
      {"Last 30", 1800},       {"Last 2 Weeks", 1209600}, {"Last 90s", 90}};
  EXPECT_EQ(got, expected);
  EXPECT_EQ(spans[0].span, "3h");
}

TEST_F(Model, MultihostColoursDefaultWhenAbsent) {
  const auto& colors = config_->presentation.multihost_colors;
  ASSERT_EQ(colors.size(), 12u);
  EXPECT_EQ(colors.front(), "004586");
  EXPECT_EQ(colors[1], "ff420e");
  EXPECT_EQ(colors.back(), "0084d1");
}

TEST_F(Model, HierarchiesInFileOrder) {
  ASSERT_EQ(config_->presentation.hierarchies.size(), 2u);
  EXPECT_EQ(config_->presentation.hierarchies[0].name, "owner");
  EXPECT_EQ(config_->presentation.hierarchies[0].title, "Owner");
  EXPECT_EQ(config_->presentation.hierarchies[1].name, "location");
}

// ---- probes (§3.4) ----

TEST_F(Model, ProbeListHasModulesWithoutInstancesAndInstances) {
  Strings names;
  for (const auto& p : config_->probes) names.push_back(p.name);
  EXPECT_EQ(names, (Strings{"FPing", "DNS", "TCPPing", "Curl", "HttpA", "HttpB"}));
  EXPECT_EQ(config_->find_probe("EchoPingHttp"), nullptr);
  ASSERT_NE(config_->find_probe("HttpA"), nullptr);
  EXPECT_EQ(config_->find_probe("HttpA")->module->name, "EchoPingHttp");
}

TEST_F(Model, InstanceValuesInheritedFromModuleSection) {
  const ProbeInstance* a = config_->find_probe("HttpA");
  const ProbeInstance* b = config_->find_probe("HttpB");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a->var("url"), "/base");
  EXPECT_EQ(*b->var("url"), "/b");
  EXPECT_EQ(*a->var("timeout"), "10");  // module default, filled into the instance
}

TEST_F(Model, ProbeStepPingsAndOffset) {
  const ProbeInstance* fping = config_->find_probe("FPing");
  const ProbeInstance* dns = config_->find_probe("DNS");
  ASSERT_TRUE(fping && dns);
  EXPECT_EQ(fping->step, 300);
  EXPECT_EQ(fping->pings, 20);
  EXPECT_EQ(fping->offset_percent, 50);  // no offset of its own: General's applies
  EXPECT_EQ(*fping->var("mininterval"), "0.01");
  EXPECT_EQ(dns->step, 60);
  EXPECT_EQ(dns->offset_percent, 20);
  EXPECT_EQ(config_->find_probe("TCPPing")->pings, 11);
}

// ---- target tree (§6) ----

TEST_F(Model, NodeKinds) {
  EXPECT_EQ(config_->targets.kind, Kind::group);
  EXPECT_EQ(node({"Local"}).kind, Kind::group);
  EXPECT_EQ(node({"Local", "Host1"}).kind, Kind::host);
  EXPECT_EQ(node({"Local", "Multi"}).kind, Kind::multihost);
  EXPECT_EQ(node({"Local", "Multi"}).host, "/Local/Host1  /Local/Named~boomer");
  EXPECT_EQ(node({"Local", "Dyn"}).kind, Kind::dynamic);
  EXPECT_EQ(node({"Local", "Dyn"}).host, "DYNAMIC/secret");
}

TEST_F(Model, MenuAndTitleFallBackToHostThenUnknown) {
  EXPECT_EQ(config_->targets.menu, "Top");
  EXPECT_EQ(node({"Local", "Host1"}).menu, "127.0.0.1");
  EXPECT_EQ(node({"Local", "Host1"}).title, "127.0.0.1");
  EXPECT_EQ(node({"Local", "Named"}).menu, "Named menu");
  EXPECT_EQ(node({"Local", "Named"}).title, "Named title");
  EXPECT_EQ(node({"Local"}).menu, "unknown");
  EXPECT_EQ(node({"Local"}).title, "unknown");
  EXPECT_EQ(node({"Local", "Quiet"}).menu, "unknown");  // Perl's ||=: "0" is false
}

TEST_F(Model, FPingNodesUseDatabasePingsAndStep) {
  const TargetNode& n = node({"Local", "Host1"});
  ASSERT_NE(n.probe, nullptr);
  EXPECT_EQ(n.probe->name, "FPing");
  EXPECT_EQ(n.pings, 20);
  EXPECT_EQ(n.step, 300);
}

TEST_F(Model, ForkedProbeNodePingsAndStep) {
  EXPECT_EQ(node({"DnsGroup", "DnsLeaf"}).pings, 7);
  EXPECT_EQ(node({"DnsGroup", "DnsLeaf"}).step, 60);
  EXPECT_EQ(node({"Tcp"}).pings, 11);  // probe section pings
  EXPECT_EQ(node({"Tcp"}).step, 300);
}

TEST_F(Model, NodeSwitchedFromDnsKeepsInheritedPings) {
  // config.md §6.4: `pings = 7` inherited under DNS stays in the node that switches to TCPPing.
  const TargetNode& n = node({"DnsGroup", "Switched"});
  EXPECT_EQ(n.probe->name, "TCPPing");
  EXPECT_EQ(n.pings, 7);
  EXPECT_EQ(n.step, 300);
  EXPECT_EQ(n.probe_vars.count("lookup"), 0u);  // not a TCPPing variable
  // FPing reads pings from its probe section or Database, never from the node.
  EXPECT_EQ(node({"DnsGroup", "BackToFPing"}).pings, 20);
}

TEST_F(Model, ProbeVarsResolveNodeAncestorsProbeSectionDefault) {
  const TargetNode& site = node({"Web", "Site"});
  EXPECT_EQ(site.probe_vars.at("urlformat"), "http://%host%/group");  // from the group
  EXPECT_EQ(site.probe_vars.at("timeout"), "10");                     // module default
  EXPECT_EQ(site.probe_vars.at("agent"), "TestAgent");                // probe section
  EXPECT_EQ(site.probe_vars.at("extrare"), "/ /");
  EXPECT_EQ(site.probe_vars.count("ssl2"), 0u);                    // set nowhere, no default
  EXPECT_EQ(node({"Web", "Fast"}).probe_vars.at("timeout"), "3");  // node's own
  EXPECT_EQ(node({"DnsGroup", "DnsLeaf"}).probe_vars.at("lookup"), "example.org");
  EXPECT_EQ(node({"Http"}).probe_vars.at("url"), "/b");      // instance section
  EXPECT_TRUE(node({"Local", "Host1"}).probe_vars.empty());  // FPing has no target variables
}

TEST_F(Model, SlavesAlertsAndParentsAreSplit) {
  const TargetNode& named = node({"Local", "Named"});
  EXPECT_EQ(named.slaves, (Strings{"boomer", "slave2"}));
  EXPECT_EQ(named.alerts, (Strings{"someloss"}));
  std::vector<std::pair<std::string, std::string>> parents = {{"owner", "/Joe/Servers"},
                                                              {"location", "/"}};
  EXPECT_EQ(named.parents, parents);
  EXPECT_EQ(config_->targets.alerts, (Strings{"someloss", "bigloss"}));
  EXPECT_EQ(node({"Local", "Host1"}).alerts, (Strings{"someloss", "bigloss"}));  // inherited
  EXPECT_TRUE(node({"Local", "Quiet"}).alerts.empty());
  EXPECT_TRUE(node({"Local", "Host1"}).slaves.empty());
}

TEST_F(Model, HideIsNotInheritedNomasterpollIs) {
  EXPECT_TRUE(node({"Local", "Hidden"}).hide);
  EXPECT_TRUE(node({"Local", "Hidden"}).nomasterpoll);
  EXPECT_FALSE(node({"Local", "Hidden", "HiddenChild"}).hide);
  EXPECT_TRUE(node({"Local", "Hidden", "HiddenChild"}).nomasterpoll);
  EXPECT_FALSE(node({"Local", "Host1"}).hide);
  EXPECT_FALSE(node({"Local", "Host1"}).nomasterpoll);
}

TEST_F(Model, SlavesAndAlertsSections) {
  ASSERT_TRUE(config_->slaves.has_value());
  EXPECT_EQ(config_->slaves->secrets, tmp_->path("secrets"));
  const Slave* boomer = config_->slaves->find("boomer");
  ASSERT_NE(boomer, nullptr);
  EXPECT_EQ(boomer->display_name, "Boomer");
  EXPECT_EQ(boomer->color, "ff0000");
  EXPECT_EQ(boomer->location, "Attic");
  std::vector<std::pair<std::string, std::string>> overrides = {
      {"Probes.FPing.binary", "/usr/bin/fping"}};
  EXPECT_EQ(boomer->overrides, overrides);
  ASSERT_TRUE(config_->alerts.has_value());
  ASSERT_NE(config_->alerts->find("bigloss"), nullptr);
  EXPECT_EQ(config_->alerts->find("bigloss")->pattern, ">50%");
  EXPECT_EQ(config_->alerts->to, "admin@example.org");
}

TEST_F(Model, FindTargetByPath) {
  EXPECT_EQ(config_->find_target({}), &config_->targets);
  const TargetNode* child = config_->find_target({"Local", "Hidden", "HiddenChild"});
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->name, "HiddenChild");
  EXPECT_EQ(child->path, (Strings{"Local", "Hidden", "HiddenChild"}));
  EXPECT_EQ(child->rel_path(), "Local/Hidden/HiddenChild");
  EXPECT_EQ(config_->find_target({"Local", "Nope"}), nullptr);
  EXPECT_EQ(config_->find_target({"Host1"}), nullptr);  // paths start at the root
}

TEST_F(Model, ForEachHostVisitsHostsDepthFirstInFileOrder) {
  Strings visited;
  config_->for_each_host([&](const TargetNode& n) { visited.push_back(n.rel_path()); });
  EXPECT_EQ(visited,
            (Strings{"Local/Host1", "Local/Named", "Local/Hidden", "Local/Hidden/HiddenChild",
                     "Local/Dyn", "DnsGroup/DnsLeaf", "DnsGroup/Switched", "DnsGroup/BackToFPing",
                     "Tcp", "Web/Site", "Web/Fast", "Http"}));
}

TEST_F(Model, ChildrenKeepFileOrder) {
  Strings names;
  for (const auto& c : config_->targets.children) names.push_back(c.name);
  EXPECT_EQ(names, (Strings{"Local", "DnsGroup", "Tcp", "Web", "Http"}));
}

}  // namespace
}  // namespace smokeping::config
