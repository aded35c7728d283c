// The section/variable engine (config.md §2, §3.4, §6.4) as seen in the parsed tree:
// defaults, inheritance, overriding, probe switching, sibling order, probe instances.
#include <gtest/gtest.h>

#include <string>

#include "smokeping/config/config_error.hpp"
#include "smokeping/config/load.hpp"
#include "smokeping/config/raw_tree.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::config {
namespace {

using Origin = RawValue::Origin;
using test::TempConfig;

class Engine : public ::testing::Test {
 protected:
  const RawSection& parse(const std::string& targets, const std::string& more_probes = "") {
    prefix_ = tmp_.config("", more_probes);
    file_ = tmp_.write("etc/config", prefix_ + targets);
    tree_ = test::parse(file_);
    return *tree_;
  }
  // Probes every test may use besides FPing; their binaries are never checked here.
  std::string forked_probes() const {
    return "+ DNS\nbinary = " + tmp_.path("fping") + "\n+ TCPPing\nbinary = " + tmp_.path("fping") +
           "\n+ Curl\nurlformat = http://%host%/\n";
  }
  const RawSection& targets() const { return *tree_->child("Targets"); }
  // The line number of `line_text` in the Targets text handed to parse() (1-based in the file).
  int line_of(const std::string& targets, const std::string& line_text) const {
    return test::next_line(prefix_ + targets.substr(0, targets.find(line_text)));
  }

  TempConfig tmp_;
  std::string prefix_, file_;
  std::unique_ptr<RawSection> tree_;
};

void expect_value(const RawSection* s, const char* key, const std::string& text, Origin origin) {
  ASSERT_NE(s, nullptr);
  const RawValue* v = s->find(key);
  ASSERT_NE(v, nullptr) << s->name() << " has no " << key;
  EXPECT_EQ(v->text, text) << s->name() << "/" << key;
  EXPECT_EQ(v->origin, origin) << s->name() << "/" << key;
}

// ---- defaults (§2.4) ----

TEST_F(Engine, NodeGetsDefaultHideAndNomasterpoll) {
  parse(TempConfig::targets_top() + "+ Local\nmenu = L\n");
  const RawSection* local = targets().child("Local");
  expect_value(local, "hide", "no", Origin::defaulted);
  expect_value(local, "nomasterpoll", "no", Origin::defaulted);
  EXPECT_EQ(local->find("hide")->loc, local->loc());  // a default belongs to its section
}

TEST_F(Engine, TargetsTopGetsNoNodeDefaults) {
  parse(TempConfig::targets_top());
  EXPECT_EQ(targets().find("hide"), nullptr);
  EXPECT_EQ(targets().find("nomasterpoll"), nullptr);
}

TEST_F(Engine, FPingSectionGetsModuleDefaults) {
  parse(TempConfig::targets_top());
  const RawSection* fping = tree_->child("Probes")->child("FPing");
  expect_value(fping, "mininterval", "0.01", Origin::defaulted);
  expect_value(fping, "protocol", "4", Origin::defaulted);
  expect_value(fping, "binary", tmp_.path("fping"), Origin::set);
  EXPECT_EQ(fping->find("packetsize"), nullptr);  // no default, not set
}

TEST_F(Engine, CurlSectionGetsProbeAndTargetDefaults) {
  parse(TempConfig::targets_top(), forked_probes());
  const RawSection* curl = tree_->child("Probes")->child("Curl");
  expect_value(curl, "binary", "/usr/bin/curl", Origin::defaulted);
  expect_value(curl, "forks", "5", Origin::defaulted);
  expect_value(curl, "timeout", "10", Origin::defaulted);
  expect_value(curl, "extrare", "/ /", Origin::defaulted);
  expect_value(curl, "follow_redirects", "no", Origin::defaulted);
  expect_value(curl, "include_redirects", "no", Origin::defaulted);
  expect_value(curl, "require_zero_status", "no", Origin::defaulted);
  expect_value(curl, "expect", "", Origin::defaulted);
  expect_value(curl, "urlformat", "http://%host%/", Origin::set);
  EXPECT_EQ(curl->find("agent"), nullptr);
}

TEST_F(Engine, ForkedProbeSectionsGetForksAndTimeout) {
  parse(TempConfig::targets_top(), forked_probes());
  const RawSection* dns = tree_->child("Probes")->child("DNS");
  expect_value(dns, "forks", "5", Origin::defaulted);
  expect_value(dns, "timeout", "5", Origin::defaulted);
  EXPECT_EQ(dns->find("pings"), nullptr);
}

TEST_F(Engine, ExplicitEmptyValueSuppressesDefault) {
  parse(TempConfig::targets_top(), "+ EchoPingHttp\nurl =\n");
  const RawSection* http = tree_->child("Probes")->child("EchoPingHttp");
  expect_value(http, "url", "", Origin::set);
  expect_value(http, "timeout", "10", Origin::defaulted);
}

TEST_F(Engine, ProbeDefaultsAreNotWrittenIntoNodes) {
  parse("*** Targets ***\nprobe = Curl\nmenu = T\ntitle = T\n+ Web\nhost = example.org\n",
        forked_probes());
  const RawSection* web = targets().child("Web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->find("timeout"), nullptr);
  EXPECT_EQ(web->find("urlformat"), nullptr);
  EXPECT_EQ(targets().find("timeout"), nullptr);
}

TEST_F(Engine, ParentDefaultIsNotInheritedButChildGetsItsOwn) {
  parse(TempConfig::targets_top() + "+ Group\n++ Leaf\nhost = 127.0.0.1\n");
  const RawSection* leaf = targets().child("Group")->child("Leaf");
  expect_value(leaf, "nomasterpoll", "no", Origin::defaulted);
  expect_value(targets().child("Group"), "nomasterpoll", "no", Origin::defaulted);
}

// ---- inheritance (§2.5, §6.4) ----

TEST_F(Engine, InheritedVariablesAreCopiedIntoChildren) {
  std::string t =
      "*** Targets ***\nprobe = FPing\nmenu = Top\ntitle = Top\nremark = top remark\n"
      "alerts = someloss\nslaves = boomer\nmenuextra = <a>x</a>\n"
      "+ Group\nmenu = G\ntitle = G\nhost = 10.0.0.1\nhide = yes\nalertee = joe@example.org\n"
      "nomasterpoll = yes\n"
      "++ Leaf\n";
  parse(t);
  const RawSection* group = targets().child("Group");
  expect_value(group, "probe", "FPing", Origin::inherited);
  expect_value(group, "alerts", "someloss", Origin::inherited);
  expect_value(group, "slaves", "boomer", Origin::inherited);
  expect_value(group, "menuextra", "<a>x</a>", Origin::inherited);
  EXPECT_EQ(group->find("remark"), nullptr);
  EXPECT_EQ(group->find("alerts")->loc.line, line_of(t, "alerts = someloss"));
  EXPECT_EQ(group->find("alerts")->loc.file_name(), file_);

  const RawSection* leaf = group->child("Leaf");
  expect_value(leaf, "probe", "FPing", Origin::inherited);
  expect_value(leaf, "alerts", "someloss", Origin::inherited);
  expect_value(leaf, "alertee", "joe@example.org", Origin::inherited);
  expect_value(leaf, "nomasterpoll", "yes", Origin::inherited);
  EXPECT_EQ(leaf->find("menu"), nullptr);
  EXPECT_EQ(leaf->find("title"), nullptr);
  EXPECT_EQ(leaf->find("host"), nullptr);
  expect_value(leaf, "hide", "no", Origin::defaulted);  // hide = yes is not inherited
}

TEST_F(Engine, InheritedValuesAreNotRevalidated) {
  // `slaves = x,y` passes unchecked at the top and is inherited as is (§2.3, §6.7).
  parse(
      "*** Targets ***\nprobe = FPing\nmenu = T\ntitle = T\nslaves = x,y\nalerts = a b\n+ Node\n");
  expect_value(targets().child("Node"), "slaves", "x,y", Origin::inherited);
  expect_value(targets().child("Node"), "alerts", "a b", Origin::inherited);
}

TEST_F(Engine, OverridingAnInheritedValueOnceIsAllowed) {
  parse(TempConfig::targets_top() + "menuextra = top\n+ Node\nmenuextra = mine\n++ Leaf\n");
  expect_value(targets().child("Node"), "menuextra", "mine", Origin::set);
  expect_value(targets().child("Node")->child("Leaf"), "menuextra", "mine", Origin::inherited);
}

TEST_F(Engine, OverridingAnInheritedValueTwiceIsAnError) {
  std::string t =
      TempConfig::targets_top() + "menuextra = top\n+ Node\nmenuextra = mine\nmenuextra = again\n";
  try {
    parse(t);
    FAIL() << "second menuextra accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.message(), "variable already defined");
    EXPECT_EQ(e.loc().line, line_of(t, "menuextra = again"));
  }
}

TEST_F(Engine, ProbeTargetVariablesAreInherited) {
  parse(
      "*** Targets ***\nprobe = DNS\nmenu = T\ntitle = T\nlookup = example.org\npings = 7\n"
      "+ Group\nserver = 10.0.0.53\n++ Leaf\nhost = 10.0.0.1\n",
      forked_probes());
  const RawSection* leaf = targets().child("Group")->child("Leaf");
  expect_value(leaf, "lookup", "example.org", Origin::inherited);
  expect_value(leaf, "pings", "7", Origin::inherited);
  expect_value(leaf, "server", "10.0.0.53", Origin::inherited);
}

TEST_F(Engine, ProbeSwitchKeepsInheritedOldProbeVariablesInTheNode) {
  parse(
      "*** Targets ***\nprobe = DNS\nmenu = T\ntitle = T\nlookup = example.org\npings = 7\n"
      "+ Switch\nprobe = TCPPing\nport = 443\n++ Below\nhost = 10.0.0.1\n",
      forked_probes());
  const RawSection* node = targets().child("Switch");
  expect_value(node, "probe", "TCPPing", Origin::set);
  expect_value(node, "lookup", "example.org", Origin::inherited);  // DNS variable stays
  expect_value(node, "pings", "7", Origin::inherited);
  const RawSection* below = node->child("Below");
  expect_value(below, "probe", "TCPPing", Origin::inherited);
  expect_value(below, "pings", "7", Origin::inherited);  // also a TCPPing variable
  expect_value(below, "port", "443", Origin::inherited);
  EXPECT_EQ(below->find("lookup"), nullptr);  // not passed further down
}

TEST_F(Engine, ProbeSwitchMakesOldProbeVariablesUnknownInTheSubtree) {
  std::string t =
      "*** Targets ***\nprobe = DNS\nmenu = T\ntitle = T\n+ Switch\nprobe = TCPPing\n"
      "++ Below\nserver = 10.0.0.53\n";
  try {
    parse(t, forked_probes());
    FAIL() << "DNS variable accepted under TCPPing";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.message(), "unknown variable 'server'");
    EXPECT_EQ(e.loc().line, line_of(t, "server = "));
  }
}

// ---- sibling order (§2.9) ----

TEST_F(Engine, TargetNodesAreNumberedAmongTheirSiblings) {
  tmp_.write("etc/more.inc", "+ B\n++ B1\n++ B2\n");
  parse(TempConfig::targets_top() + "+ A\n@include more.inc\n+ C\n++ C1\n");
  EXPECT_EQ(targets().child("A")->order(), 0);
  EXPECT_EQ(targets().child("B")->order(), 1);
  EXPECT_EQ(targets().child("C")->order(), 2);
  EXPECT_EQ(targets().child("B")->child("B1")->order(), 0);
  EXPECT_EQ(targets().child("B")->child("B2")->order(), 1);
  EXPECT_EQ(targets().child("C")->child("C1")->order(), 0);
  ASSERT_EQ(targets().children().size(), 3u);
  EXPECT_EQ(targets().children()[1]->name(), "B");
}

TEST_F(Engine, OtherSectionsHaveNoOrder) {
  parse(TempConfig::targets_top(), forked_probes());
  EXPECT_EQ(tree_->child("General")->order(), -1);
  EXPECT_EQ(tree_->child("Probes")->child("FPing")->order(), -1);
  EXPECT_EQ(tree_->child("Probes")->child("Curl")->order(), -1);
  EXPECT_EQ(tree_->child("Presentation")->child("detail")->order(), -1);
}

// ---- probe instances (§3.4) ----

TEST_F(Engine, ProbeInstancesInheritFromTheModuleSection) {
  std::string probes =
      "+ DNS\nbinary = " + tmp_.path("fping") +
      "\nlookup = example.org\npings = 5\n++ DNSA\n++ DNSB\nlookup = other.org\nforks = 2\n";
  parse(TempConfig::targets_top(), probes);
  const RawSection* dns = tree_->child("Probes")->child("DNS");
  const RawSection* a = dns->child("DNSA");
  expect_value(a, "binary", tmp_.path("fping"), Origin::inherited);
  expect_value(a, "lookup", "example.org", Origin::inherited);
  expect_value(a, "pings", "5", Origin::inherited);
  expect_value(a, "forks", "5", Origin::defaulted);  // the module's default, not inherited
  const RawSection* b = dns->child("DNSB");
  expect_value(b, "lookup", "other.org", Origin::set);
  expect_value(b, "forks", "2", Origin::set);
  expect_value(dns, "forks", "5", Origin::defaulted);  // the template keeps its defaults
}

TEST_F(Engine, ProbeInstanceInheritsTargetVariableMadeOptionalInModule) {
  parse("*** Targets ***\nprobe = CurlA\nmenu = T\ntitle = T\n+ Web\nhost = example.org\n",
        "+ Curl\nurlformat = http://%host%/x\n++ CurlA\n");
  const RawSection* a = tree_->child("Probes")->child("Curl")->child("CurlA");
  expect_value(a, "urlformat", "http://%host%/x", Origin::inherited);
  expect_value(a, "timeout", "10", Origin::defaulted);
  expect_value(targets().child("Web"), "probe", "CurlA", Origin::inherited);
}

}  // namespace
}  // namespace smokeping::config
