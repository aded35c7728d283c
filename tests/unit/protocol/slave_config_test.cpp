// The config a master sends to a slave (master-slave.md §4.1-4.3): the captured answers of
// the original rebuilt from their master configs, and each selection and override rule.
#include "smokeping/protocol/slave_config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "smokeping/config/config_error.hpp"
#include "smokeping/protocol/dumper_reader.hpp"
#include "smokeping/protocol/dumper_writer.hpp"
#include "smokeping/protocol/hmac.hpp"
#include "tests/support/shared_files.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::protocol {
namespace {

using test::TempConfig;
using V = PerlValue;

using test::read_file;
using test::shared_dir;

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::shared_ptr<const config::Config> load_text(const TempConfig& tmp, const std::string& text) {
  try {
    return test::load(tmp.write("etc/config", text));
  } catch (const config::ConfigError& e) {
    ADD_FAILURE() << e.located();
    return nullptr;
  }
}

// The master config of the appendix's capture, rebuilt from the body it produced: the same
// sections, values, order of sub-sections and written variables.
constexpr const char* kAppendixConfig = R"(*** General ***
owner = Owner of the master
contact = test@example.com
mailhost = localhost
display_name = master-box
imgcache = /tmp/sp/master/img
imgurl = img
datadir = /tmp/sp/master/data
dyndir = /tmp/sp/master/dyn
piddir = /tmp/sp/master/run
smokemail = /etc/smokeping/smokemail
tmail = /etc/smokeping/tmail
cgiurl = http://127.0.0.1:8099/smokeping.cgi

*** Database ***
step = 20
pings = 3
AVERAGE 0.5 1 1008
MIN 0.5 12 4320

*** Presentation ***
template = /etc/smokeping/basepage.html
+ overview
width = 600
height = 50
+ detail
width = 600
height = 200
"Last 3 Hours" 3h

*** Probes ***
+ FPing
binary = /usr/bin/fping

*** Slaves ***
secrets = /tmp/sp/master/secrets
+ slave1
display_name = slave1
color = ff0000
++ override
General.owner = Owner seen by slave1
New.Deep.Key = v
+ slave1-b
display_name = slave1-b
color = ff0000
+ slave2
display_name = slave2
color = ff0000

*** Alerts ***
to = root@localhost
from = smokeping@localhost
+ someloss
type = loss
pattern = >0%,*25*,>0%
comment = 27 values

*** Targets ***
probe = FPing
menu = Top
title = Network Latency Grapher
remark = Café it's a "test" \\ backslash

+ Local
menu = Local
title = Local Network
slaves = slave1

++ localhost
menu = localhost
title = This host
host = 127.0.0.1
alerts = someloss

++ other
menu = other
title = other
host = 127.0.0.2
slaves = slave2

++ multi
menu = multi
title = multi
host = /Local/localhost /Local/onlyslave

++ onlyslave
menu = onlyslave
title = Only slaves
host = 127.0.0.3
nomasterpoll = yes

+ Remote
menu = Remote
title = Remote
++ r1
host = 127.0.0.4

+ Dyn
menu = Dyn
title = Dyn
slaves = slave1
++ d1
menu = d1
title = d1
host = DYNAMIC
++ d2
menu = d2
title = d2
host = DYNAMIC/abcdefgh

+ Hyph
menu = Hyph
title = Hyph
slaves = slave1-b
++ h1
menu = h1
title = h1
host = 127.0.0.5
)";

// The body of the appendix (V10), or nullopt when the spec is not around.
std::optional<std::string> appendix_body() {
  auto spec = read_file(shared_dir() + "/spec/master-slave.md");
  if (!spec) return std::nullopt;
  size_t at = spec->find("```\n$VAR1 = {", spec->find("## Appendix"));
  if (at == std::string::npos) return std::nullopt;
  at += 4;
  size_t end = spec->find("\n```", at);
  return spec->substr(at, end + 1 - at);
}

TEST(SlaveConfigCaptured, AppendixScenarioGivesTheSameDataAsTheOriginal) {
  auto body = appendix_body();
  if (!body) GTEST_SKIP() << "shared spec not found under " << shared_dir();
  TempConfig tmp;
  auto cfg = load_text(tmp, kAppendixConfig);
  ASSERT_TRUE(cfg);
  auto ours = build_slave_config(*cfg, "slave1", 1795563841);
  ASSERT_TRUE(ours);
  PerlValue original = read_dumper(*body);
  EXPECT_EQ(first_difference(*ours, original), "");
}

TEST(SlaveConfigCaptured, AppendixScenarioSelectsTheOriginalsTargets) {
  TempConfig tmp;
  auto cfg = load_text(tmp, kAppendixConfig);
  ASSERT_TRUE(cfg);
  auto ours = build_slave_config(*cfg, "slave1", 1795563841);
  ASSERT_TRUE(ours);
  const PerlValue& t = *ours->find("Targets");
  // Selected: Local/localhost, Local/onlyslave, Dyn/d2 (DYNAMIC/... leaks, W11) and Hyph/h1
  // (slave1-b matches \bslave1\b, W10).
  EXPECT_EQ(*t.find("Local")->find("localhost")->find("host"), V::string("127.0.0.1"));
  EXPECT_EQ(*t.find("Local")->find("onlyslave")->find("host"), V::string("127.0.0.3"));
  EXPECT_EQ(*t.find("Dyn")->find("d2")->find("host"), V::string("DYNAMIC/abcdefgh"));
  EXPECT_EQ(*t.find("Hyph")->find("h1")->find("host"), V::string("127.0.0.5"));
  // Kept as undef: another slave's target, a multi-host graph, a bare DYNAMIC, a subtree
  // without slaves.
  EXPECT_TRUE(t.find("Local")->find("other")->is_undef());
  EXPECT_TRUE(t.find("Local")->find("multi")->is_undef());
  EXPECT_TRUE(t.find("Dyn")->find("d1")->is_undef());
  EXPECT_TRUE(t.find("Remote")->is_undef());
  // The master's `nomasterpoll = yes` becomes no.
  EXPECT_EQ(*t.find("Local")->find("onlyslave")->find("nomasterpoll"), V::string("no"));
  // Overrides.
  EXPECT_EQ(*ours->find("General")->find("owner"), V::string("Owner seen by slave1"));
  EXPECT_EQ(*ours->find("New")->find("Deep")->find("Key"), V::string("v"));

  // With exact slave names, Hyph (for slave1-b) is no longer sent to slave1.
  auto exact = build_slave_config(*cfg, "slave1", 1795563841, {.match = SlaveMatch::exact_token});
  ASSERT_TRUE(exact);
  EXPECT_TRUE(exact->find("Targets")->find("Hyph")->is_undef());
  EXPECT_TRUE(exact->find("Targets")->find("Local")->find("localhost")->is_hash());

  // slave2 gets Local/other only; slave1-b gets Hyph only.
  auto s2 = build_slave_config(*cfg, "slave2", 1);
  ASSERT_TRUE(s2);
  const PerlValue& t2 = *s2->find("Targets");
  EXPECT_TRUE(t2.find("Local")->find("other")->is_hash());
  EXPECT_TRUE(t2.find("Local")->find("localhost")->is_undef());
  EXPECT_TRUE(t2.find("Hyph")->is_undef());
  EXPECT_EQ(*s2->find("General")->find("owner"), V::string("Owner of the master"));
  EXPECT_EQ(s2->find("New"), nullptr);
  auto sb = build_slave_config(*cfg, "slave1-b", 1);
  ASSERT_TRUE(sb);
  EXPECT_TRUE(sb->find("Targets")->find("Hyph")->is_hash());
  EXPECT_TRUE(sb->find("Targets")->find("Local")->is_undef());
  EXPECT_TRUE(sb->find("Targets")->find("Dyn")->is_undef());
}

TEST(SlaveConfigCaptured, ReferenceCaptureGivesTheSameDataAsTheOriginal) {
  auto config_text = read_file(shared_dir() + "/reference/protocol/logs/master-config.txt");
  auto body = read_file(shared_dir() + "/reference/protocol/01-first-contact.response-body.txt");
  if (!config_text || !body) GTEST_SKIP() << "reference captures not found";
  // The config names the run's temporary folder as XXXXXX; the captured bytes show it.
  TempConfig tmp;
  auto cfg = load_text(tmp, replace_all(*config_text, "sp-capture.XXXXXX", "sp-capture.Z0OpQf"));
  ASSERT_TRUE(cfg);
  auto ours = build_slave_config(*cfg, "slave1", 1795627733);
  ASSERT_TRUE(ours);
  EXPECT_EQ(first_difference(*ours, read_dumper(*body)), "");
  // slave2 also gets t4; nobody gets Master/m5.
  auto s2 = build_slave_config(*cfg, "slave2", 1795627733);
  ASSERT_TRUE(s2);
  EXPECT_TRUE(s2->find("Targets")->find("Local")->find("t4")->is_hash());
  EXPECT_TRUE(s2->find("Targets")->find("Master")->is_undef());
  EXPECT_FALSE(build_slave_config(*cfg, "slave3", 1795627733));
}

constexpr const char* kSlaves =
    "*** Slaves ***\nsecrets = /x/secrets\n+ s1\ndisplay_name = s1\ncolor = ff0000\n+ "
    "s1-b\ndisplay_name = s1-b\ncolor = ff0000\n"
    "+ s2\ndisplay_name = s2\ncolor = ff0000\n+ a.c\ndisplay_name = ac\ncolor = ff0000\n"
    "+ abc\ndisplay_name = abc\ncolor = ff0000\n+ x.s1\ndisplay_name = xs1\ncolor = ff0000\n"
    "+ s1x\ndisplay_name = s1x\ncolor = ff0000\n";

// A small config: `targets` is the Targets section after the top level's three lines.
std::optional<PerlValue> slave_config_for(const std::string& targets, const std::string& slave,
                                          const std::string& slaves_section = kSlaves,
                                          SlaveMatch match = SlaveMatch::perl_word_regex,
                                          const std::string& alerts = "") {
  TempConfig tmp;
  auto cfg =
      load_text(tmp, tmp.config(slaves_section + alerts + TempConfig::targets_top() + targets));
  if (!cfg) return std::nullopt;
  return build_slave_config(*cfg, slave, 1700000000, {.match = match});
}

struct Selection {
  const char* name;
  const char* targets;  // lines after the top level
  const char* slave;
  SlaveMatch match;
  bool selected;  // whether /A/h keeps its host
};

class SlaveConfigSelection : public ::testing::TestWithParam<Selection> {};

TEST_P(SlaveConfigSelection, HostKeptOrDropped) {
  const Selection& c = GetParam();
  auto v = slave_config_for(c.targets, c.slave, kSlaves, c.match);
  if (!c.selected) {
    // Nothing else in these configs, so the slave gets no config at all (answer #8).
    EXPECT_FALSE(v) << dumper(*v);
    return;
  }
  ASSERT_TRUE(v);
  const PerlValue* h = v->find("Targets")->find("A")->find("h");
  ASSERT_TRUE(h && h->is_hash());
  EXPECT_TRUE(h->find("host"));
}

constexpr SlaveMatch kPerl = SlaveMatch::perl_word_regex;
constexpr SlaveMatch kExact = SlaveMatch::exact_token;

INSTANTIATE_TEST_SUITE_P(
    Rules, SlaveConfigSelection,
    ::testing::Values(
        Selection{"listed", "+ A\n++ h\nhost = 10.0.0.1\nslaves = s1\n", "s1", kPerl, true},
        Selection{"listed_second", "+ A\n++ h\nhost = 10.0.0.1\nslaves = s2 s1\n", "s1", kPerl,
                  true},
        Selection{"inherited", "+ A\nslaves = s1\n++ h\nhost = 10.0.0.1\n", "s1", kPerl, true},
        Selection{"not_listed", "+ A\n++ h\nhost = 10.0.0.1\nslaves = s2\n", "s1", kPerl, false},
        Selection{"no_slaves", "+ A\n++ h\nhost = 10.0.0.1\n", "s1", kPerl, false},
        Selection{"empty_slaves", "+ A\n++ h\nhost = 10.0.0.1\nslaves =\n", "s1", kPerl, false},
        Selection{"word_part_hyphen", "+ A\n++ h\nhost = 10.0.0.1\nslaves = s1-b\n", "s1", kPerl,
                  true},
        Selection{"word_part_hyphen_exact", "+ A\n++ h\nhost = 10.0.0.1\nslaves = s1-b\n", "s1",
                  kExact, false},
        Selection{"word_part_dot", "+ A\n++ h\nhost = 10.0.0.1\nslaves = x.s1\n", "s1", kPerl,
                  true},
        Selection{"prefix_is_not_a_word", "+ A\n++ h\nhost = 10.0.0.1\nslaves = s1x\n", "s1", kPerl,
                  false},
        Selection{"dot_is_a_wildcard", "+ A\n++ h\nhost = 10.0.0.1\nslaves = abc\n", "a.c", kPerl,
                  true},
        Selection{"dot_exact", "+ A\n++ h\nhost = 10.0.0.1\nslaves = abc\n", "a.c", kExact, false},
        Selection{"exact_listed", "+ A\n++ h\nhost = 10.0.0.1\nslaves = s2  s1\n", "s1", kExact,
                  true},
        Selection{"dynamic_dropped", "+ A\n++ h\nhost = DYNAMIC\nslaves = s1\n", "s1", kPerl,
                  false},
        Selection{"dynamic_secret_kept", "+ A\n++ h\nhost = DYNAMIC/abc\nslaves = s1\n", "s1",
                  kPerl, true},
        Selection{"multihost_dropped",
                  "+ A\nslaves = s1\n+ B\nslaves = s1\n++ h\n"
                  "host = /A\n",
                  "s1", kPerl, false}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SlaveConfig, LevelBookkeeping) {
  auto v = slave_config_for(
      "alerts = big , small\n"
      "+ A\nmenu = 0\nslaves = s1\n"
      "++ first\nhost = 10.0.0.9\nslaves = s2\n"
      "++ h\nhost = 10.0.0.1\ntitle = T\nalerts = small\n"
      "+ B\n",
      "s1",
      "*** Slaves ***\nsecrets = /x/secrets\n+ s1\ndisplay_name = s1\ncolor = ff0000\n+ "
      "s2\ndisplay_name = s2\ncolor = ff0000\n",
      kPerl,
      "*** Alerts ***\nto = a@b.c\nfrom = a@b.c\n"
      "+ big\ntype = loss\npattern = >10%,*4*,>10%\ncomment = c\n"
      "+ small\ntype = matcher\npattern = Median(old=>3,new=>2,diff=>1)\ncomment = c\n");
  ASSERT_TRUE(v);
  const PerlValue& top = *v->find("Targets");
  EXPECT_EQ(*top.find("_order"), V::number(0));
  EXPECT_EQ(top.find("_varlist"), nullptr);
  EXPECT_EQ(*top.find("nomasterpoll"), V::string("no"));
  EXPECT_EQ(*top.find("alerts"), V::array({V::string("big"), V::string("small")}));
  EXPECT_EQ(*top.find("fetchlength"), V::number(6));  // max(2 + 4, 3 + 2)
  EXPECT_EQ(top.find("hide"), nullptr);               // no default on the top level
  EXPECT_TRUE(top.find("B")->is_undef());

  const PerlValue& a = *top.find("A");
  EXPECT_EQ(*a.find("_order"), V::number(0));
  EXPECT_EQ(*a.find("_varlist"), V::array({V::string("menu"), V::string("slaves")}));
  EXPECT_EQ(*a.find("menu"), V::string("unknown"));  // `menu = 0` is false: host or unknown
  EXPECT_EQ(*a.find("title"), V::string("unknown"));
  EXPECT_EQ(*a.find("hide"), V::string("no"));
  EXPECT_EQ(*a.find("probe"), V::string("FPing"));  // inherited on every level
  // Inherited as text, then split on each level.
  EXPECT_EQ(*a.find("alerts"), V::array({V::string("big"), V::string("small")}));
  EXPECT_TRUE(a.find("first")->is_undef());

  const PerlValue& h = *a.find("h");
  EXPECT_EQ(*h.find("_order"), V::number(1));
  EXPECT_EQ(*h.find("_varlist"),
            V::array({V::string("host"), V::string("title"), V::string("alerts")}));
  EXPECT_EQ(*h.find("menu"), V::string("10.0.0.1"));  // missing: the host
  EXPECT_EQ(*h.find("title"), V::string("T"));
  EXPECT_EQ(*h.find("alerts"), V::array({V::string("small")}));
  EXPECT_EQ(*h.find("fetchlength"), V::number(5));
  EXPECT_EQ(*h.find("slaves"), V::string("s1"));
}

TEST(SlaveConfig, SectionsAreCopiedWithDefaultsAndInstances) {
  TempConfig tmp2;
  auto cfg = load_text(
      tmp2,
      tmp2.head() + tmp2.probes("++ FPingSlow\nmininterval = 1\n") +
          "*** Slaves ***\nsecrets = /x/secrets\n+ boomer\ndisplay_name = b\ncolor = ff0000\n" +
          "*** Targets ***\nprobe = FPingSlow\nmenu = Top\ntitle = Top\n"
          "+ A\nhost = 10.0.0.1\nslaves = boomer\n");
  ASSERT_TRUE(cfg);
  auto v = build_slave_config(*cfg, "boomer", 42);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v->find("__last"), V::number(42));
  EXPECT_EQ(v->find("Slaves"), nullptr);
  EXPECT_EQ(v->find("Presentation"), nullptr);
  EXPECT_EQ(*v->find("Database")->find("step"), V::string("300"));
  EXPECT_EQ(*v->find("Database")->find("_table"),
            V::array({V::array(
                {V::string("AVERAGE"), V::string("0.5"), V::string("1"), V::string("1008")})}));
  EXPECT_EQ(*v->find("General")->find("linkstyle"), V::string("relative"));  // a default
  const PerlValue& fping = *v->find("Probes")->find("FPing");
  EXPECT_EQ(*fping.find("binary"), V::string(tmp2.path("fping")));
  ASSERT_TRUE(fping.find("FPingSlow") && fping.find("FPingSlow")->is_hash());
  EXPECT_EQ(*fping.find("FPingSlow")->find("mininterval"), V::string("1"));
}

struct Override {
  const char* name;
  const char* lines;  // the ++ override section's lines
  const char* slave;
  bool has_config;
  const char* check;  // dotted path that must hold `value` ("" to skip)
  const char* value;
};

class SlaveConfigOverride : public ::testing::TestWithParam<Override> {};

TEST_P(SlaveConfigOverride, Applied) {
  const Override& c = GetParam();
  // s1 has the target; s1 and s3 have the override; s2 has neither.
  auto v = slave_config_for("+ A\n++ h\nhost = 10.0.0.1\nslaves = s1\n", c.slave,
                            std::string("*** Slaves ***\nsecrets = /x/secrets\n"
                                        "+ s1\ndisplay_name = s1\ncolor = ff0000\n"
                                        "++ override\n") +
                                c.lines +
                                "+ s2\ndisplay_name = s2\ncolor = ff0000\n"
                                "+ s3\ndisplay_name = s3\ncolor = ff0000\n++ override\n" +
                                c.lines);
  ASSERT_EQ(v.has_value(), c.has_config);
  if (!v || !*c.check) return;
  const PerlValue* node = &*v;
  std::string path = c.check;
  size_t start = 0;
  for (;;) {
    size_t dot = path.find('|', start);
    node = node->find(path.substr(start, dot == std::string::npos ? dot : dot - start));
    ASSERT_TRUE(node) << c.check << "\n" << dumper(*v);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  EXPECT_EQ(*node, V::string(c.value)) << dumper(*v);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, SlaveConfigOverride,
    ::testing::Values(
        Override{"probe_binary", "Probes.FPing.binary = /opt/fping\n", "s1", true,
                 "Probes|FPing|binary", "/opt/fping"},
        Override{"new_section", "New.Deep.Key = v\n", "s1", true, "New|Deep|Key", "v"},
        Override{"scalar_replaced_by_hash", "General.owner.x = y\n", "s1", true, "General|owner|x",
                 "y"},
        Override{"last_clobbered", "__last = soon\n", "s1", true, "__last", "soon"},
        Override{"trailing_dots_dropped", "General.owner.. = z\n", "s1", true, "General|owner",
                 "z"},
        Override{"empty_middle_key", "A..B = w\n", "s1", true, "A||B", "w"},
        Override{"undef_target_revived", "Targets.B.x = 1\n", "s1", true, "Targets|B|x", "1"},
        // A slave without targets: the override creates Targets, so a config is sent.
        Override{"creates_targets", "Targets.fake = 1\n", "s3", true, "Targets|fake", "1"},
        Override{"no_targets_other_override", "General.owner = o\n", "s3", false, "", ""},
        Override{"no_targets_no_override", "Targets.fake = 1\n", "s2", false, "", ""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SlaveConfig, NoTargetsNoConfig) {
  EXPECT_FALSE(slave_config_for("+ A\n++ h\nhost = 10.0.0.1\nslaves = s2\n", "s1"));
  EXPECT_FALSE(slave_config_for("+ A\n++ h\nhost = 10.0.0.1\nslaves = s2\n", "unknown"));
}

TEST(SlaveConfig, BodyIsSortedDeterministicAndReadsBack) {
  TempConfig tmp;
  auto cfg = load_text(tmp, kAppendixConfig);
  ASSERT_TRUE(cfg);
  auto v = build_slave_config(*cfg, "slave1", 1795563841);
  ASSERT_TRUE(v);
  std::string body = slave_config_body(*v);
  EXPECT_EQ(body, slave_config_body(*build_slave_config(*cfg, "slave1", 1795563841)));
  EXPECT_TRUE(body.starts_with("$VAR1 = {\n          'Database' => {\n"));
  EXPECT_TRUE(body.ends_with("          '__last' => 1795563841\n        };\n"));
  EXPECT_TRUE(same_data(read_dumper(body), *v));
  EXPECT_EQ(dumper(read_dumper(body)), body);
  EXPECT_EQ(hmac_md5_hex("s3cret-one", body).size(), 32u);
}

// A Perl slave evaluates the body (Safe->reval in the original; plain eval here) to the same
// data: dumping it again with Sortkeys=1 gives our bytes. Skipped without perl.
TEST(SlaveConfig, PerlEvaluatesTheBodyToTheSameData) {
  if (std::system("perl -MData::Dumper -MSafe -e 1 >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "perl with Data::Dumper and Safe not available";
  }
  TempConfig tmp;
  auto cfg = load_text(tmp, kAppendixConfig);
  ASSERT_TRUE(cfg);
  std::string body = slave_config_body(*build_slave_config(*cfg, "slave1", 1795563841));
  std::string in = tmp.write("body.pl", body);
  std::string out = tmp.path("again.pl");
  std::string cmd =
      "perl -MData::Dumper -MSafe -e '$Data::Dumper::Sortkeys = 1; local $/; "
      "open my $f, \"<\", $ARGV[0] or die; my $t = <$f>; "
      "my $c = Safe->new->reval($t); die \"eval: $@\" unless ref $c eq \"HASH\"; "
      "print Dumper($c)' " +
      in + " > " + out;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(read_file(out).value_or(""), body);
}

}  // namespace
}  // namespace smokeping::protocol
