// The §1.4 comparison on its own (no files): the original's RRDtools.pm rules and texts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smokeping/store/rrd_store.hpp"
#include "src/store/detail/rrd_text.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace smokeping::store::detail {
namespace {

using Strings = std::vector<std::string>;

// What RRDs::info gives Perl for a file made from debian_spec(): numbers already stringified.
InfoMap debian_info(int pings = 5) {
  InfoMap info = {{"filename", "\"f\""},
                  {"rrd_version", "0003"},
                  {"step", "300"},
                  {"last_update", "1795627415"}};
  Strings names = {"uptime", "loss", "median"};
  for (int i = 1; i <= pings; ++i) names.push_back("ping" + std::to_string(i));
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string ds = "ds[" + names[i] + "].";
    info[ds + "index"] = std::to_string(i);
    info[ds + "type"] = "GAUGE";
    info[ds + "minimal_heartbeat"] = "600";
    info[ds + "min"] = "0";
    info[ds + "max"] =
        names[i] == "loss" ? std::optional<std::string>(std::to_string(pings)) : std::nullopt;
    info[ds + "last_ds"] = "U";
  }
  auto rras = test::debian_rras();
  for (size_t i = 0; i < rras.size(); ++i) {
    const std::string rra = "rra[" + std::to_string(i) + "].";
    info[rra + "cf"] = rras[i].cf;
    info[rra + "xff"] = "0.5";
    info[rra + "pdp_per_row"] = std::to_string(rras[i].steps);
    info[rra + "rows"] = std::to_string(rras[i].rows);
    info[rra + "cur_row"] = "17";
  }
  return info;
}

FileLayout debian_layout(int pings = 5) { return *info_to_layout("F", debian_info(pings)).layout; }

Strings args_for(RrdSpec spec) { return create_args(spec, 1795627415); }

TEST(InfoToLayout, RebuildsTheCreateArgumentsInFileOrder) {
  ReadLayout read = info_to_layout("F", debian_info());
  ASSERT_TRUE(read.layout) << read.error;
  EXPECT_EQ(read.layout->step, 300);
  // ping10 would sort before ping2 by name: the order must come from the indexes.
  Strings args = args_for(test::debian_spec("F"));
  Strings ds(args.begin() + 4, args.begin() + 12), rras(args.begin() + 12, args.end());
  EXPECT_EQ(read.layout->ds, ds);
  EXPECT_EQ(read.layout->rras, rras);
}

TEST(InfoToLayout, KeepsIndexOrderBeyondNinePings) {
  ReadLayout read = info_to_layout("F", debian_info(12));
  ASSERT_TRUE(read.layout);
  EXPECT_EQ(read.layout->ds[3], "DS:ping1:GAUGE:600:0:U");
  EXPECT_EQ(read.layout->ds[12], "DS:ping10:GAUGE:600:0:U");
  EXPECT_EQ(read.layout->ds[1], "DS:loss:GAUGE:600:0:12");
}

TEST(InfoToLayout, RefusesVersionsOtherThan0001And0003) {
  InfoMap info = debian_info();
  info["rrd_version"] = "0004";
  EXPECT_EQ(info_to_layout("/d/x.rrd", info).error, "/d/x.rrd: unknown RRD version: 0004");
  info["rrd_version"] = "0001";
  EXPECT_TRUE(info_to_layout("/d/x.rrd", info).layout);
}

TEST(InfoToLayout, NeedsAnRra) {
  InfoMap info = debian_info();
  info.erase("rra[0].cf");
  EXPECT_EQ(info_to_layout("F", info).error, "F: no RRAs found?");
}

TEST(InfoToLayout, NamesTheFirstMissingColumn) {
  InfoMap info = debian_info();
  info.erase("ds[median].minimal_heartbeat");
  info.erase("ds[median].max");
  EXPECT_EQ(info_to_layout("F", info).error, "F: missing minimal_heartbeat for DS median?");
  info = debian_info();
  info.erase("rra[3].pdp_per_row");
  EXPECT_EQ(info_to_layout("F", info).error, "F: missing pdp_per_row for RRA 3");
}

TEST(InfoToLayout, UndefValuesReadAsTheOriginalPrintsThem) {
  InfoMap info = debian_info();
  info["ds[loss].min"] = std::nullopt;
  info["rra[1].xff"] = std::nullopt;
  ReadLayout read = info_to_layout("F", info);
  ASSERT_TRUE(read.layout) << read.error;
  EXPECT_EQ(read.layout->ds[1], "DS:loss:GAUGE:600:U:5");
  EXPECT_EQ(read.layout->rras[1], "RRA:AVERAGE::12:4320");
  // A DS whose index is undef is no DS at all; rra[0].cf undef is no RRA.
  info["ds[median].index"] = std::nullopt;
  EXPECT_EQ(info_to_layout("F", info).layout->ds.size(), 7u);
  info["rra[0].cf"] = std::nullopt;
  EXPECT_EQ(info_to_layout("F", info).error, "F: no RRAs found?");
}

TEST(InfoToLayout, RrasStopAtTheFirstIndexWithoutCf) {
  InfoMap info = debian_info();
  info.erase("rra[4].cf");
  ReadLayout read = info_to_layout("F", info);
  ASSERT_TRUE(read.layout);
  EXPECT_EQ(read.layout->rras.size(), 4u);
  // Only the spelling the original looks up counts: no leading zero.
  info = debian_info();
  info["rra[07].cf"] = "MAX";
  info["rra[07].xff"] = "0.5";
  info["rra[07].pdp_per_row"] = "1";
  info["rra[07].rows"] = "1";
  EXPECT_EQ(info_to_layout("F", info).layout->rras.size(), 7u);
  info["rra[7].cf"] = "MAX";
  EXPECT_EQ(info_to_layout("F", info).error, "F: missing xff for RRA 7");
}

TEST(InfoToLayout, FieldsKeepOnlyWhatTheCheckReads) {
  InfoFields fields;
  for (const char* key : {"filename", "last_update", "header_size", "ds[loss].last_ds",
                          "ds[loss].value", "ds[loss].unknown_sec", "ds[].index", "rra[0].cur_row",
                          "rra[0].cdp_prep[1].value", "rra[x].cf", "rra[].cf", "rra[1234567890].cf",
                          "rra[0]cf", "rrd_versions", "ds[loss].maximum"})
    EXPECT_EQ(fields.slot(key), nullptr) << key;
  EXPECT_TRUE(fields.ds.empty());
  EXPECT_TRUE(fields.rra.empty());

  *fields.slot("ds[a].min") = "0";
  *fields.slot("ds[a].minimal_heartbeat") = "600";
  *fields.slot("ds[b].index") = "1";
  *fields.slot("ds[a].index") = "0";
  *fields.slot("rra[10].cf") = "MAX";
  *fields.slot("rra[2].rows") = "5";
  *fields.slot("rra[0].cf") = "MIN";
  ASSERT_EQ(fields.ds.size(), 2u);
  EXPECT_EQ(fields.ds[0].name, "a");
  EXPECT_EQ(fields.ds[0].min.value, "0");
  EXPECT_EQ(fields.ds[0].minimal_heartbeat.value, "600");
  EXPECT_FALSE(fields.ds[0].max.present);
  EXPECT_EQ(fields.ds[1].index.value, "1");
  ASSERT_EQ(fields.rra.size(), 3u);
  EXPECT_EQ(fields.rra[0].index, 0u);
  EXPECT_EQ(fields.rra[1].index, 2u);
  EXPECT_EQ(fields.rra[2].index, 10u);
  EXPECT_EQ(fields.rra[1].rows.value, "5");
  EXPECT_FALSE(fields.rra[1].cf.present);
}

TEST(CompareLayout, SameArgumentsMatch) {
  Comparison c = compare_layout("F", debian_layout(), args_for(test::debian_spec("F")));
  EXPECT_FALSE(c.fatal);
  EXPECT_EQ(c.text, "");
}

TEST(CompareLayout, StepChangeIsFatal) {
  Comparison c = compare_layout("F", debian_layout(), args_for(test::debian_spec("F", 60)));
  EXPECT_TRUE(c.fatal);
  EXPECT_EQ(c.text, "Wrong value of step: F has 300, create string has 60");
}

TEST(CompareLayout, PingsChangeIsFatal) {
  Comparison c = compare_layout("F", debian_layout(), args_for(test::debian_spec("F", 300, 6)));
  EXPECT_TRUE(c.fatal);
  EXPECT_EQ(c.text, "Different number of data sources: F has 8, create string has 9");
}

TEST(CompareLayout, RraCountChangeIsFatal) {
  RrdSpec spec = test::debian_spec("F");
  spec.rras.pop_back();
  Comparison c = compare_layout("F", debian_layout(), args_for(spec));
  EXPECT_TRUE(c.fatal);
  EXPECT_EQ(c.text, "Different number of RRAs: F has 7, create string has 6");
}

TEST(CompareLayout, ChangedCfIsFatal) {
  RrdSpec spec = test::debian_spec("F");
  spec.rras[2].cf = "MAX";
  Comparison c = compare_layout("F", debian_layout(), args_for(spec));
  EXPECT_TRUE(c.fatal);
  EXPECT_EQ(
      c.text,
      "Different arguments: F has RRA:MIN:0.5:12:4320, create string has RRA:MAX:0.5:12:4320");
}

TEST(CompareLayout, RraParameterChangesWarnWithoutSeparator) {
  RrdSpec spec = test::debian_spec("F");
  spec.rras[0].rows = 2016;
  spec.rras[4].xff = 0.25;
  Comparison c = compare_layout("F", debian_layout(), args_for(spec));
  EXPECT_FALSE(c.fatal);
  EXPECT_EQ(c.text,
            "Different RRA parameters: F has RRA:AVERAGE:0.5:1:1008, create string has "
            "RRA:AVERAGE:0.5:1:2016"
            "Different RRA parameters: F has RRA:AVERAGE:0.5:144:720, create string has "
            "RRA:AVERAGE:0.25:144:720");
}

TEST(CompareLayout, DsHeartbeatAndLimitsAreLeftToTheTune) {
  FileLayout have = debian_layout();
  have.ds[1] = "DS:loss:GAUGE:900:0:U";
  Comparison c = compare_layout("F", have, args_for(test::debian_spec("F")));
  EXPECT_FALSE(c.fatal);
  EXPECT_EQ(c.text, "");
}

TEST(CompareLayout, RenamedOrRetypedDsIsFatal) {
  FileLayout have = debian_layout();
  have.ds[0] = "DS:uptime:COUNTER:600:0:U";
  Comparison c = compare_layout("F", have, args_for(test::debian_spec("F")));
  EXPECT_TRUE(c.fatal);
  EXPECT_EQ(c.text,
            "Different arguments: F has DS:uptime:COUNTER:600:0:U, create string has "
            "DS:uptime:GAUGE:600:0:U");
}

TEST(DsTunes, NoneWhenTheFileMatches) {
  EXPECT_TRUE(ds_tunes("F", debian_layout(), args_for(test::debian_spec("F"))).empty());
}

TEST(DsTunes, EachDifferingColumnIsTunedAndAnnounced) {
  FileLayout have = debian_layout();
  have.ds[1] = "DS:loss:GAUGE:900:1:U";
  auto tunes = ds_tunes("F", have, args_for(test::debian_spec("F")));
  ASSERT_EQ(tunes.size(), 3u);
  EXPECT_EQ(tunes[0].message, "## Updating F DS:loss heartbeat 900 -> 600");
  EXPECT_EQ(tunes[0].option, "--heartbeat");
  EXPECT_EQ(tunes[0].value, "loss:600");
  EXPECT_EQ(tunes[1].message, "## Updating F DS:loss minimum 1 -> 0");
  EXPECT_EQ(tunes[1].value, "loss:0");
  EXPECT_EQ(tunes[2].message, "## Updating F DS:loss maximum U -> 5");
  EXPECT_EQ(tunes[2].option, "--maximum");
  EXPECT_EQ(tunes[2].value, "loss:5");
}

}  // namespace
}  // namespace smokeping::store::detail
