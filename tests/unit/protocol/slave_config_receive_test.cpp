// What our slave makes of a master's config (master-slave.md §4.5, §4.6): the captured
// configs of the original become a tree the config module's model builder reads, and
// everything outside the whitelist is refused with the place named.
#include "smokeping/protocol/slave_config_receive.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "smokeping/config/load.hpp"
#include "smokeping/protocol/dumper_writer.hpp"
#include "smokeping/protocol/slave_config.hpp"
#include "src/config/detail/build_model.hpp"
#include "tests/support/shared_files.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::protocol {
namespace {

using V = PerlValue;

using test::read_file;
using test::shared_dir;

std::optional<std::string> appendix_body() {
  auto spec = read_file(shared_dir() + "/spec/master-slave.md");
  if (!spec) return std::nullopt;
  size_t at = spec->find("```\n$VAR1 = {", spec->find("## Appendix"));
  if (at == std::string::npos) return std::nullopt;
  at += 4;
  return spec->substr(at, spec->find("\n```", at) + 1 - at);
}

// The typed model the rest of smokeping uses, built from the received tree.
std::shared_ptr<config::Config> model(ReceivedConfig& received) {
  auto cfg = std::make_shared<config::Config>();
  cfg->file = "master";
  cfg->raw = std::move(received.raw);
  config::detail::build_model(*cfg);
  return cfg;
}

struct Host {
  std::string path, host, probe;
  int pings;
  long step;
  bool operator==(const Host&) const = default;
};

std::vector<Host> hosts(const config::Config& cfg) {
  std::vector<Host> out;
  cfg.for_each_host([&](const config::TargetNode& n) {
    out.push_back({n.rel_path(), n.host, n.probe ? n.probe->name : "-", n.pings, n.step});
  });
  return out;
}

std::ostream& operator<<(std::ostream& os, const Host& h) {
  return os << h.path << " " << h.host << " " << h.probe << " " << h.pings << " " << h.step;
}

TEST(SlaveConfigReceive, AppendixBodyOfTheOriginal) {
  auto body = appendix_body();
  if (!body) GTEST_SKIP() << "shared spec not found under " << shared_dir();
  ReceivedConfig r = read_slave_config_text(*body, "http://master/smokeping.cgi");
  EXPECT_EQ(r.last, 1795563841);
  const config::RawSection& raw = *r.raw;
  EXPECT_EQ(*raw.child("General")->get("piddir"), "/tmp/sp/master/run");
  EXPECT_EQ(*raw.child("Database")->get("step"), "20");
  ASSERT_EQ(raw.child("Database")->table().size(), 2u);
  EXPECT_EQ(raw.child("Database")->table()[1].cells,
            (std::vector<std::string>{"MIN", "0.5", "12", "4320"}));
  const config::RawSection& fping = *raw.child("Probes")->child("FPing");
  EXPECT_EQ(*fping.get("binary"), "/usr/bin/fping");
  EXPECT_EQ(*fping.get("mininterval"), "0.01");
  // Targets in the master's order, undef sub-targets gone, bookkeeping dropped.
  const config::RawSection& t = *raw.child("Targets");
  std::vector<std::string> names;
  for (const auto& c : t.children()) names.push_back(c->name() + ":" + std::to_string(c->order()));
  EXPECT_EQ(names, (std::vector<std::string>{"Local:0", "Dyn:1", "Hyph:2"}));
  EXPECT_EQ(*t.get("remark"), "Caf\xc3\xa9 it's a \"test\" \\\\ backslash");
  const config::RawSection& localhost = *t.child("Local")->child("localhost");
  EXPECT_EQ(*localhost.get("host"), "127.0.0.1");
  EXPECT_EQ(localhost.get("alerts"), nullptr);
  EXPECT_EQ(localhost.get("_order"), nullptr);
  EXPECT_EQ(localhost.get("fetchlength"), nullptr);
  EXPECT_EQ(localhost.find("host")->loc.file_name(), "http://master/smokeping.cgi");

  auto cfg = model(r);
  EXPECT_EQ(cfg->database.step, 20);
  EXPECT_EQ(cfg->general.datadir, "/tmp/sp/master/data");
  EXPECT_EQ(hosts(*cfg), (std::vector<Host>{{"Local/localhost", "127.0.0.1", "FPing", 3, 20},
                                            {"Local/onlyslave", "127.0.0.3", "FPing", 3, 20},
                                            {"Dyn/d2", "DYNAMIC/abcdefgh", "FPing", 3, 20},
                                            {"Hyph/h1", "127.0.0.5", "FPing", 3, 20}}));
  EXPECT_EQ(cfg->find_target({"Dyn", "d2"})->kind, config::TargetNode::Kind::dynamic);
}

TEST(SlaveConfigReceive, ReferenceCaptureOfTheOriginal) {
  auto body = read_file(shared_dir() + "/reference/protocol/07-config-changed.response-body.txt");
  if (!body) GTEST_SKIP() << "reference captures not found";
  ReceivedConfig r = read_slave_config_text(*body);
  EXPECT_EQ(r.last, 1795627762);
  auto cfg = model(r);
  EXPECT_EQ(hosts(*cfg), (std::vector<Host>{{"Local/t2", "127.0.0.2", "FPing", 3, 10},
                                            {"Local/t3", "127.0.0.3", "FPing", 3, 10}}));
  EXPECT_EQ(cfg->database.rras.size(), 7u);
}

TEST(SlaveConfigReceive, OurMastersBodyWithInstancesAndForkProbes) {
  test::TempConfig tmp;
  std::string text =
      tmp.head() +
      tmp.probes(tmp.expand("++ FPingSlow\nmininterval = 1\npings = 5\n"
                            "+ DNS\nbinary = @ROOT@/fping\nstep = 60\n")) +
      "*** Slaves ***\nsecrets = /x/secrets\n+ s1\ndisplay_name = s1\ncolor = ff0000\n"
      "*** Targets ***\nprobe = FPingSlow\nmenu = Top\ntitle = Top\nslaves = s1\n"
      "+ Slow\nhost = 10.0.0.1\n"
      "+ Dns\nprobe = DNS\nlookup = example.org\n"
      "++ a\nhost = 10.0.0.2\npings = 7\n"
      "++ b\nhost = 10.0.0.3\n";
  auto master = test::load(tmp.write("etc/config", text));
  auto sent = build_slave_config(*master, "s1", 77);
  ASSERT_TRUE(sent);
  ReceivedConfig r = read_slave_config_text(slave_config_body(*sent));
  EXPECT_EQ(r.last, 77);
  EXPECT_EQ(*r.raw->child("Targets")->child("Dns")->child("a")->get("lookup"), "example.org");
  auto cfg = model(r);
  EXPECT_EQ(hosts(*cfg), (std::vector<Host>{{"Slow", "10.0.0.1", "FPingSlow", 5, 300},
                                            {"Dns/a", "10.0.0.2", "DNS", 7, 60},
                                            {"Dns/b", "10.0.0.3", "DNS", 20, 60}}));
  EXPECT_EQ(cfg->find_probe("FPing"), nullptr);  // a module with instances is no probe name
}

// A small valid config; each refusal case changes one thing.
PerlValue minimal() {
  V fping = V::hash({{"binary", V::string("/usr/bin/fping")}});
  V host = V::hash({{"host", V::string("10.0.0.1")},
                    {"probe", V::string("FPing")},
                    {"_order", V::number(0)},
                    {"_varlist", V::array({V::string("host")})}});
  return V::hash({
      {"General", V::hash({{"datadir", V::string("/d")}, {"piddir", V::string("/p")}})},
      {"Database", V::hash({{"step", V::string("300")}, {"pings", V::string("20")}})},
      {"Probes", V::hash({{"FPing", fping}})},
      {"Targets", V::hash({{"probe", V::string("FPing")}, {"_order", V::number(0)}, {"h", host}})},
      {"__last", V::number(1700000000)},
  });
}

V& at(V& v, std::initializer_list<const char*> path) {
  V* node = &v;
  for (const char* key : path) node = node->find(key);
  return *node;
}

struct Refusal {
  const char* name;
  std::function<void(V&)> change;
  const char* message;
};

class SlaveConfigReceiveRefuses : public ::testing::TestWithParam<Refusal> {};

TEST_P(SlaveConfigReceiveRefuses, WithPlaceAndReason) {
  V v = minimal();
  ASSERT_NO_THROW(read_slave_config(v));
  GetParam().change(v);
  try {
    read_slave_config(v);
    FAIL() << "accepted:\n" << dumper(v);
  } catch (const SlaveConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam().message), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Whitelist, SlaveConfigReceiveRefuses,
    ::testing::Values(
        Refusal{"not_a_hash", [](V& v) { v = V::array(); }, "top level: not a hash"},
        Refusal{"last_missing", [](V& v) { v.entries().pop_back(); }, "__last: missing"},
        Refusal{"last_text", [](V& v) { v.set("__last", V::string("soon")); },
                "__last: 'soon' is not a non-negative integer"},
        Refusal{"last_negative", [](V& v) { v.set("__last", V::number(-5)); }, "__last: '-5'"},
        Refusal{"last_float", [](V& v) { v.set("__last", V::string("1.5")); }, "__last: '1.5'"},
        Refusal{"last_huge", [](V& v) { v.set("__last", V::string(std::string(19, '9'))); },
                "__last"},
        Refusal{"database_missing", [](V& v) { v.set("Database", V()); },
                "Database: missing or not a hash"},
        Refusal{"step_missing",
                [](V& v) {
                  at(v, {"Database"}).entries().erase(at(v, {"Database"}).entries().begin());
                },
                "Database/step: missing"},
        Refusal{"step_text",
                [](V& v) {
                  at(v, {"Database", "step"}) = V::string("5m");
                },
                "Database/step: '5m' is not an integer"},
        Refusal{"step_zero",
                [](V& v) {
                  at(v, {"Database", "step"}) = V::string("0");
                },
                "Database/step"},
        Refusal{"pings_two",
                [](V& v) {
                  at(v, {"Database", "pings"}) = V::string("2");
                },
                "Database/pings"},
        Refusal{"table_row_short",
                [](V& v) {
                  at(v, {"Database"}).set("_table", V::array({V::array({V::string("AVERAGE")})}));
                },
                "Database/_table: a row that is not four values"},
        Refusal{"table_not_array", [](V& v) { at(v, {"Database"}).set("_table", V::string("x")); },
                "Database/_table: not an array"},
        Refusal{"probes_missing", [](V& v) { v.set("Probes", V::string("FPing")); },
                "Probes: missing or not a hash"},
        Refusal{"probe_module_code",
                [](V& v) { at(v, {"Probes"}).append("FPing; system('id'); 1", V::hash()); },
                "unknown probe module 'FPing; system('id'); 1'"},
        Refusal{"probe_module_unknown", [](V& v) { at(v, {"Probes"}).append("Evil", V::hash()); },
                "Probes/Evil: unknown probe module 'Evil'"},
        Refusal{"probe_not_hash",
                [](V& v) {
                  at(v, {"Probes", "FPing"}) = V::string("x");
                },
                "Probes/FPing: not a hash"},
        Refusal{"probe_unknown_variable",
                [](V& v) {
                  at(v, {"Probes", "FPing"}).append("command", V::string("rm"));
                },
                "Probes/FPing: unknown variable 'command' of probe FPing"},
        Refusal{"probe_bad_value",
                [](V& v) {
                  at(v, {"Probes", "FPing"}).append("step", V::string("x"));
                },
                "Probes/FPing/step: syntax error in value of 'step'"},
        Refusal{"probe_check_fails",
                [](V& v) {
                  at(v, {"Probes", "FPing"}).append("pings", V::string("2"));
                },
                "Probes/FPing/pings"},
        Refusal{"probe_array_value",
                [](V& v) {
                  at(v, {"Probes", "FPing"}).append("binary2", V::array());
                },
                "Probes/FPing/binary2: not a plain value"},
        Refusal{"instance_bad_name",
                [](V& v) {
                  at(v, {"Probes", "FPing"}).append("a b", V::hash());
                },
                "Probes/FPing/a b: not a valid probe name"},
        Refusal{"instance_nested",
                [](V& v) {
                  at(v, {"Probes", "FPing"}).append("X", V::hash({{"Y", V::hash()}}));
                },
                "Probes/FPing/X/Y: probe instances cannot nest"},
        Refusal{"probe_name_twice",
                [](V& v) {
                  at(v, {"Probes"}).append("DNS", V::hash());
                  at(v, {"Probes"}).append("FPing6", V::hash({{"DNS", V::hash()}}));
                },
                "probe name 'DNS' given twice"},
        Refusal{"targets_missing", [](V& v) { v.set("Targets", V()); },
                "Targets: missing or not a hash"},
        Refusal{
            "top_probe_missing",
            [](V& v) { at(v, {"Targets"}).entries().erase(at(v, {"Targets"}).entries().begin()); },
            "Targets: probe '' is not one of the probes sent"},
        Refusal{"node_probe_unknown",
                [](V& v) {
                  at(v, {"Targets", "h", "probe"}) = V::string("DNS");
                },
                "Targets/h: probe 'DNS' is not one of the probes sent"},
        Refusal{"module_with_instances_is_no_probe",
                [](V& v) {
                  at(v, {"Probes", "FPing"}).append("FPingSlow", V::hash());
                },
                "Targets: probe 'FPing' is not one of the probes sent"},
        Refusal{"target_name_path",
                [](V& v) {
                  at(v, {"Targets"}).append("../etc", at(v, {"Targets", "h"}));
                },
                "Targets/../etc: not a valid target name"},
        Refusal{"target_named_like_a_variable",
                [](V& v) {
                  at(v, {"Targets"}).append("host", at(v, {"Targets", "h"}));
                },
                "Targets/host: a target cannot have the name of a variable"},
        Refusal{"empty_host",
                [](V& v) {
                  at(v, {"Targets", "h", "host"}) = V::string("");
                },
                "Targets/h: empty host"},
        Refusal{"probe_target_variable_refused",
                [](V& v) {
                  at(v, {"Probes"}).append("DNS", V::hash());
                  at(v, {"Targets", "h", "probe"}) = V::string("DNS");
                  at(v, {"Targets", "h"}).append("pings", V::string("x"));
                },
                "Targets/h/pings: syntax error in value of 'pings'"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SlaveConfigReceive, IgnoredParts) {
  V v = minimal();
  v.append("New", V::hash({{"Deep", V::hash({{"Key", V::string("v")}})}}));
  v.append("Slaves", V::string("x"));
  at(v, {"General"}).append("nested", V::hash());
  at(v, {"Database"}).append("other", V::string("x"));
  at(v, {"Targets"}).append("gone", V());
  at(v, {"Targets"}).append("list", V::array({V::string("x")}));
  at(v, {"Targets", "h"}).append("unknown_var", V::string("x"));
  at(v, {"Targets", "h"}).append("alerts", V::array({V::string("a")}));
  at(v, {"Targets", "h"}).append("fetchlength", V::number(3));
  at(v, {"Targets", "h"}).append("menu", V::string("Menu"));
  // Pure-Perl Dumper prints short numeric strings bare: the same for us.
  at(v, {"Database", "step"}) = V::number(60);
  ReceivedConfig r = read_slave_config(v);
  EXPECT_EQ(r.last, 1700000000);
  EXPECT_EQ(r.raw->child("New"), nullptr);
  EXPECT_EQ(r.raw->child("Slaves"), nullptr);
  EXPECT_EQ(r.raw->child("General")->get("nested"), nullptr);
  EXPECT_EQ(r.raw->child("Database")->get("other"), nullptr);
  EXPECT_EQ(*r.raw->child("Database")->get("step"), "60");
  const config::RawSection& t = *r.raw->child("Targets");
  EXPECT_EQ(t.child("gone"), nullptr);
  EXPECT_EQ(t.get("list"), nullptr);
  EXPECT_EQ(t.get("_order"), nullptr);
  const config::RawSection& h = *t.child("h");
  EXPECT_EQ(h.get("unknown_var"), nullptr);
  EXPECT_EQ(h.get("alerts"), nullptr);
  EXPECT_EQ(h.get("fetchlength"), nullptr);
  EXPECT_EQ(*h.get("menu"), "Menu");
  auto cfg = model(r);
  EXPECT_EQ(hosts(*cfg), (std::vector<Host>{{"h", "10.0.0.1", "FPing", 20, 60}}));
}

TEST(SlaveConfigReceive, ChildrenFollowOrderThenName) {
  V v = minimal();
  V& t = at(v, {"Targets"});
  V base = *t.find("h");
  auto with_order = [&](std::optional<int> order) {
    V n = base;
    n.entries().erase(n.entries().begin() + 2);  // _order
    if (order) n.append("_order", V::number(*order));
    return n;
  };
  t.entries().pop_back();  // h
  t.append("c", with_order(std::nullopt));
  t.append("b", with_order(2));
  t.append("a", with_order(std::nullopt));
  t.append("z", with_order(1));
  V nan = with_order(std::nullopt);
  nan.append("_order", V::string("NaN"));  // Perl reads it as a number too; sorted last here
  t.append("d", nan);
  ReceivedConfig r = read_slave_config(v);
  std::vector<std::string> names;
  for (const auto& c : r.raw->child("Targets")->children()) names.push_back(c->name());
  EXPECT_EQ(names, (std::vector<std::string>{"z", "b", "a", "c", "d"}));
}

TEST(SlaveConfigReceive, DumperErrorsComeThrough) {
  EXPECT_THROW(read_slave_config_text("$VAR1 = {'a' => sub {}};"), DumperError);
  EXPECT_THROW(read_slave_config_text("$VAR1 = {};"), SlaveConfigError);
}

}  // namespace
}  // namespace smokeping::protocol
