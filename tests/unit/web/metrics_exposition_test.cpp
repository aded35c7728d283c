#include "smokeping/web/metrics_exposition.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace smokeping::web {
namespace {

TEST(MetricsExposition, EscapesBackslashQuoteAndNewlineInLabelValues) {
  EXPECT_EQ(escape_label_value(R"(a\b"c)"), R"(a\\b\"c)");
  EXPECT_EQ(escape_label_value("two\nlines"), R"(two\nlines)");
  EXPECT_EQ(escape_label_value("/Local/t2"), "/Local/t2");
}

TEST(MetricsExposition, WritesNanAndInfinitiesAsTheFormatSpellsThem) {
  EXPECT_EQ(metric_value(std::nan("")), "NaN");
  EXPECT_EQ(metric_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(metric_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(metric_value(0.25), "0.25");
  EXPECT_EQ(std::stod(metric_value(4.7e-05)), 4.7e-05);
}

TEST(MetricsExposition, WritesHelpAndTypeBeforeTheSamples) {
  Exposition out;
  out.family("smokeping_target_median_seconds", Exposition::Type::gauge, "Median\\ of\nround");
  out.sample("smokeping_target_median_seconds", {{"path", "/a"}, {"slave", ""}}, 0.001);
  out.sample("smokeping_target_median_seconds", {{"path", "/\"b\""}, {"slave", "x"}}, std::nan(""));
  out.family("smokeping_probe_rounds_total", Exposition::Type::counter, "Rounds.");
  out.sample("smokeping_probe_rounds_total", {}, 3);
  EXPECT_EQ(out.text(),
            "# HELP smokeping_target_median_seconds Median\\\\ of\\nround\n"
            "# TYPE smokeping_target_median_seconds gauge\n"
            "smokeping_target_median_seconds{path=\"/a\",slave=\"\"} 0.001\n"
            "smokeping_target_median_seconds{path=\"/\\\"b\\\"\",slave=\"x\"} NaN\n"
            "# HELP smokeping_probe_rounds_total Rounds.\n"
            "# TYPE smokeping_probe_rounds_total counter\n"
            "smokeping_probe_rounds_total 3\n");
}

TEST(MetricsExposition, NamesTheSummaryType) {
  Exposition out;
  out.family("rtt_seconds", Exposition::Type::summary, "x");
  EXPECT_NE(out.text().find("# TYPE rtt_seconds summary\n"), std::string::npos);
}

TEST(MetricsExposition, RefusesAFamilyDeclaredTwice) {
  Exposition out;
  out.family("x", Exposition::Type::gauge, "x");
  EXPECT_THROW(out.family("x", Exposition::Type::gauge, "x"), std::logic_error);
}

}  // namespace
}  // namespace smokeping::web
