// The pieces of the argument lists that the reference logs do not cover: the y-range
// pre-pass's string sort, small ping counts, loss colour tables, 2.9.0 colours, probe texts.
#include "smokeping/web/graph_args.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "src/web/detail/graph_pieces.hpp"

namespace smokeping::web {
namespace {

config::Config four_periods(std::optional<double> tolerance) {
  config::Config c;
  c.presentation.detail.unison_tolerance = tolerance;
  c.presentation.detail.spans = {{"Last 3 Hours", "3h", std::chrono::seconds(10800)},
                                 {"Last 30 Hours", "30h", std::chrono::seconds(108000)},
                                 {"Last 10 Days", "10d", std::chrono::seconds(864000)},
                                 {"Last 360 Days", "360d", std::chrono::seconds(31104000)}};
  return c;
}

std::vector<std::string> texts(const std::map<std::string, Upper>& uppers) {
  std::vector<std::string> out;
  for (const char* period : {"10800", "108000", "864000", "31104000"})
    out.push_back(uppers.at(period).text);
  return out;
}

TEST(Findmax, SortsThePrintedValuesAsStringsLikeTheOriginal) {
  // As strings "1.2e-02" < "2.0e-01" < "5.0e-02" < "9.0e-03": the "median" is 2e-01, so only
  // that period is within the tolerance; a numeric sort would have picked 1.2e-02.
  const auto uppers = findmax_uppers(
      four_periods(2), {"9.000000e-03", "1.200000e-02", "5.000000e-02", "2.000000e-01"});
  EXPECT_EQ(texts(uppers), (std::vector<std::string>{"0.0108", "0.0144", "0.06", "0.24"}));
}

TEST(Findmax, UnifiesPeriodsWithinTheTolerance) {
  const auto uppers = findmax_uppers(
      four_periods(2), {"2.108960e-02", "2.581030e-02", "2.503536e-02", "2.360531e-02"});
  EXPECT_EQ(texts(uppers), std::vector<std::string>(4, "0.03097236"));
}

TEST(Findmax, WithoutToleranceEveryPeriodGetsTheLargest) {
  const auto uppers = findmax_uppers(four_periods(std::nullopt),
                                     {"9.000000e-03", "1.200000e-02", "-nan", "2.000000e-01"});
  EXPECT_EQ(texts(uppers), std::vector<std::string>(4, "0.24"));
}

TEST(Findmax, FailedPrePassesGiveTheSmallestRange) {
  // A missing RRD: no value at all, so the floor of 1e-6 applies (slave-in-classic-mode).
  const auto uppers = findmax_uppers(four_periods(2), {"", "", "", ""});
  EXPECT_EQ(texts(uppers), std::vector<std::string>(4, "1.2e-06"));
}

TEST(Findmax, MaxRttCapsWithTheConfigText) {
  config::Config c = four_periods(std::nullopt);
  c.presentation.detail.max_rtt = "0.100";
  const auto uppers = findmax_uppers(c, {"1e-01", "1e-01", "1e-02", "1e-02"});
  EXPECT_EQ(uppers.at("10800").text, "0.100");
  EXPECT_DOUBLE_EQ(uppers.at("10800").value, 0.1);
}

TEST(Findmax, PrePassUsesOverviewWidthAndDetailWidthForTheEnd) {
  config::Config c = four_periods(2);
  c.presentation.overview.width = 500;
  c.presentation.detail.width = 300;
  GraphCall call = findmax_call(c, "/d/a.rrd", c.presentation.detail.spans[0]);
  EXPECT_EQ(call.args, (std::vector<std::string>{
                           "dummy", "--start", "-10800", "--width", "500", "--end", "-36",
                           "DEF:maxping=/d/a.rrd:median:AVERAGE", "PRINT:maxping:MAX:%le"}));
}

TEST(RangeUpper, NanCountsAsOneAndMultihostIgnoresNan) {
  EXPECT_EQ(range_upper("-nan").text, "1.5");
  EXPECT_EQ(range_upper("1.106046e-02").text, "0.01659069");
  EXPECT_EQ(multi_range_upper({"-nan", "2.0e-02", "nan"}).text, "0.03");
  EXPECT_EQ(multi_range_upper({"-nan"}).text, "0");
}

TEST(KeepLargerUppers, KeepsTheNumericallyLargerPerPeriod) {
  std::map<std::string, Upper> into{{"10800", {0.5, "0.5"}}, {"108000", {0, "0"}}};
  keep_larger_uppers(into,
                     {{"10800", {0.25, "0.25"}}, {"108000", {0.1, "0.1"}}, {"864000", {2, "2"}}});
  EXPECT_EQ(into.at("10800").text, "0.5");
  EXPECT_EQ(into.at("108000").text, "0.1");
  EXPECT_EQ(into.at("864000").text, "2");
}

TEST(Smoke, FivePingsMakeTwoBands) {
  EXPECT_EQ(detail::smoke_args(5),
            (std::vector<std::string>{"CDEF:smoke1=cp1,UN,UNKN,cp5,cp1,-,IF", "AREA:cp1",
                                      "STACK:smoke1#a4a4a4", "CDEF:smoke2=cp2,UN,UNKN,cp4,cp2,-,IF",
                                      "AREA:cp2", "STACK:smoke2#585858"}));
}

TEST(Smoke, TwoPingsHaveNoSmoke) {
  EXPECT_EQ(detail::smoke_args(2),
            (std::vector<std::string>{"COMMENT:(Not enough pings to draw any smoke.)\\s",
                                      "COMMENT:\\s"}));
}

std::vector<std::string> legends(const std::vector<detail::ColorKey>& table) {
  std::vector<std::string> out;
  for (const auto& k : table) out.push_back(k.key + " " + k.color + " " + k.legend);
  return out;
}

TEST(LossColors, LaterDefaultKeysOverwriteEarlierOnes) {
  // P = 5: int(P/2) = 2 replaces 2/5's colour, P-1 = 4 replaces 4/5's.
  EXPECT_EQ(legends(detail::loss_colors({}, 5, GraphFlavour::v2_7_3)),
            (std::vector<std::string>{"0 #26ff00 0", "1 #00b8ff 1/5", "2 #dd00ff 2/5",
                                      "3 #5e00ff 3/5", "4 #ff0000 4/5"}));
}

TEST(LossColors, Upstream290RangesFor20Pings) {
  EXPECT_EQ(legends(detail::loss_colors({}, 20, GraphFlavour::v2_9_0)),
            (std::vector<std::string>{"0 #26ff00 0", "1 #00b8ff 1", "2 #0059ff 2", "3 #7e00ff 3",
                                      "5 #ff00ff 4-5", "10 #ff5500 6-10", "19 #ff0000 11-19",
                                      "20 #a00000 20/20"}));
}

TEST(LossColors, ConfiguredTableIsSortedNumerically) {
  config::Detail d;
  d.loss_colors = {{10, "ff0000", "many"}, {0.5, "00ff00", "half"}, {2, "0000ff", "two"}};
  EXPECT_EQ(legends(detail::loss_colors(d, 20, GraphFlavour::v2_7_3)),
            (std::vector<std::string>{"0.5 #00ff00 half", "2 #0000ff two", "10 #ff0000 many"}));
}

TEST(PastelColor, BrightensTheDefaultLossColours) {
  std::vector<std::string> out;
  for (const char* c : {"#00b8ff", "#0059ff", "#5e00ff", "#7e00ff", "#dd00ff", "#ff0000"})
    out.push_back(detail::pastel_color(c));
  EXPECT_EQ(out, (std::vector<std::string>{"#a9e7ff", "#a9c7ff", "#c9a9ff", "#d3a9ff", "#f3a9ff",
                                           "#ffa9a9"}));
  EXPECT_EQ(detail::pastel_color("#808080"), "#d4d4d4");  // grey: no hue at all
}

TEST(ColorArgs, BordersAndThe290Overrides) {
  config::Presentation p;
  EXPECT_TRUE(detail::color_args(p, GraphFlavour::v2_7_3).empty());
  p.graphborders = false;
  EXPECT_EQ(detail::color_args(p, GraphFlavour::v2_7_3),
            (std::vector<std::string>{"--border", "0", "--color", "BACK#ffffff00", "--color",
                                      "CANVAS#ffffff00"}));
  p.colortext = "111111";
  p.colorbackground = "eeeeee";
  // 2.7.3 knows no colour overrides.
  EXPECT_EQ(detail::color_args(p, GraphFlavour::v2_7_3).size(), 6u);
  EXPECT_EQ(detail::color_args(p, GraphFlavour::v2_9_0),
            (std::vector<std::string>{"--border", "0", "--color", "FONT#111111", "--color",
                                      "SHADEA#eeeeee", "--color", "SHADEB#eeeeee", "--color",
                                      "BACK#eeeeee", "--color", "CANVAS#eeeeee"}));
}

TEST(ProbeDesc, NamesPacketSizesAndFallsBackForUnknownModules) {
  config::ProbeModuleSpec fping{"FPing", config::ProbeFamily::single, {}};
  config::ProbeModuleSpec tcp{"TCPPing", config::ProbeFamily::forked, {}};
  config::ProbeInstance probe;
  probe.module = &fping;
  EXPECT_EQ(probe_desc(probe), "ICMP Echo Pings (56 Bytes)");
  probe.vars["packetsize"] = "1000";
  EXPECT_EQ(probe_desc(probe), "ICMP Echo Pings (1000 Bytes)");
  probe.module = &tcp;
  EXPECT_EQ(probe_desc(probe), "TCP Pings");
  probe.module = nullptr;
  EXPECT_EQ(probe_desc(probe), "Probe which does not override the ProbeDesc method");
  EXPECT_EQ(probe_unit(probe), "Seconds");
}

TEST(MultihostPaths, SplitsOnBlanksAndFindsNodeAndSlave) {
  config::Config c;
  config::TargetNode europe, zurich;
  europe.name = "Europe";
  zurich.name = "Zurich";
  europe.children.push_back(zurich);
  c.targets.children.push_back(europe);
  config::TargetNode multi;
  multi.host = " /Europe/Zurich\t/Europe/Zurich~boomer  /Nowhere ";
  const auto paths = multihost_paths(multi);
  EXPECT_EQ(paths,
            (std::vector<std::string>{"/Europe/Zurich", "/Europe/Zurich~boomer", "/Nowhere"}));
  const MultihostTarget t = multihost_target(c, paths[1]);
  ASSERT_NE(t.node, nullptr);
  EXPECT_EQ(t.node->name, "Zurich");
  EXPECT_EQ(t.slave, "boomer");
  EXPECT_EQ(multihost_target(c, paths[2]).node, nullptr);
}

TEST(ResolveRange, ChartsAndNavigatorRanges) {
  const RangeSpec chart = resolve_range(DetailMode::chart, "", "", 1000000, false);
  EXPECT_EQ(chart.start, "-3600");
  EXPECT_EQ(chart.end, "last");
  EXPECT_EQ(chart.findmax_start, "996400");
  const RangeSpec multi_chart = resolve_range(DetailMode::chart, "", "", 1000000, true);
  EXPECT_EQ(multi_chart.start, "-996400");  // the original's quirk
  const RangeSpec nav = resolve_range(DetailMode::navigator, "now-6h", "500", 1000000, false);
  EXPECT_EQ(nav.start, "now-6h");
  EXPECT_EQ(nav.end, "500");
  EXPECT_EQ(nav.date, 500);
  const RangeSpec relative = resolve_range(DetailMode::navigator, "now-6h", "now-1h", 7, false);
  EXPECT_EQ(relative.date, 7);
}

}  // namespace
}  // namespace smokeping::web
