// Periods, request times and dates as the original computes them (web-and-rrd.md §0.1, §3.8).
#include "smokeping/web/graph_time.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/unit/web/graph_test_support.hpp"

namespace smokeping::web {
namespace {

constexpr std::int64_t kNow = 1795627403;  // Wed Nov 25 17:23:23 2026 UTC

TEST(Exp2Seconds, ConvertsEachUnit) {
  EXPECT_EQ(exp2seconds("3h"), "10800");
  EXPECT_EQ(exp2seconds("30h"), "108000");
  EXPECT_EQ(exp2seconds("10d"), "864000");
  EXPECT_EQ(exp2seconds("360d"), "31104000");
  EXPECT_EQ(exp2seconds("2w"), "1209600");
  EXPECT_EQ(exp2seconds("1y"), "31536000");
  EXPECT_EQ(exp2seconds("5m"), "300");
}

TEST(Exp2Seconds, MinutesWinOverHoursWhereverTheyStand) { EXPECT_EQ(exp2seconds("3h5m"), "300"); }

TEST(Exp2Seconds, LeavesSecondsUnchangedIn273AndReadsThemIn290) {
  EXPECT_EQ(exp2seconds("30s"), "30s");
  EXPECT_EQ(exp2seconds("30s", true), "30");
  EXPECT_EQ(exp2seconds("garbage"), "garbage");
}

TEST(ParseDatetime, TakesDigitsAsAnEpochAndHugeOnesAsNow) {
  EXPECT_EQ(parse_datetime("1795616400", kNow), "1795616400");
  EXPECT_EQ(parse_datetime("99999999999", kNow), std::to_string(kNow));
}

TEST(ParseDatetime, ReadsDatesInLocalTime) {
  test::ScopedUtc utc;
  EXPECT_EQ(parse_datetime("2026-01-01 00:00", kNow), "1767225600");
  EXPECT_EQ(parse_datetime(" 2026-1-1 ", kNow), "1767225600");
  EXPECT_EQ(parse_datetime("2026-01-01 01:02:03", kNow), "1767229323");
}

TEST(ParseDatetime, PassesAtStyleTimesToRrdtool) {
  EXPECT_EQ(parse_datetime("now-6h", kNow), "now-6h");
  EXPECT_EQ(parse_datetime("end-1d", kNow), "end-1d");
  EXPECT_EQ(parse_datetime("garbage", kNow), "garbage");
}

TEST(ParseDatetime, NowAndEmptyAndUnusableAreNow) {
  const std::string now = std::to_string(kNow);
  EXPECT_EQ(parse_datetime("now", kNow), now);
  EXPECT_EQ(parse_datetime("", kNow), now);
  EXPECT_EQ(parse_datetime("ABC", kNow), now);
}

TEST(ParseDatetime, ReplacesMarkupCharactersFirst) {
  // "<b>x" becomes "_b_x"; '_' is outside [ -:a-z0-9], so the first run is "b".
  EXPECT_EQ(parse_datetime("<b>x", kNow), "b");
  EXPECT_EQ(parse_datetime("now;rm", kNow), "now");
  EXPECT_EQ(parse_datetime("12;34", kNow), "12");
}

TEST(CtimeText, PadsTheDayWithASpace) {
  test::ScopedUtc utc;
  EXPECT_EQ(ctime_text(kNow), "Wed Nov 25 17:23:23 2026");
  EXPECT_EQ(ctime_text(1793869200), "Thu Nov  5 09:00:00 2026");
}

TEST(GraphDate, EscapesColonsAndHonoursStrftime) {
  test::ScopedUtc utc;
  EXPECT_EQ(graph_date(kNow, ""), "Wed Nov 25 17\\:23\\:23 2026");
  EXPECT_EQ(graph_date(kNow, "%Y-%m-%d %H:%M"), "2026-11-25 17\\:23");
  EXPECT_EQ(minute_text(kNow - 10800), "2026-11-25 14:23");
}

TEST(PerlNumber, PrintsLikePerl) {
  EXPECT_EQ(perl_number_text(0.0258103 * 1.2), "0.03097236");
  EXPECT_EQ(perl_number_text(0.000001 * 1.2), "1.2e-06");
  EXPECT_EQ(perl_number_text(0.03097236 / 200), "0.0001548618");
  EXPECT_EQ(perl_number_text(600), "600");
  EXPECT_EQ(perl_number_text(-10800), "-10800");
  EXPECT_EQ(perl_number_text(1e15), "1e+15");
  EXPECT_EQ(perl_number_text(std::nan("")), "NaN");
  EXPECT_EQ(perl_number_text(-0.0), "0");
}

TEST(PerlNumify, ReadsTheDecimalPrefix) {
  EXPECT_DOUBLE_EQ(perl_numify("2.108960e-02"), 0.0210896);
  EXPECT_DOUBLE_EQ(perl_numify(" 12"), 12);
  EXPECT_DOUBLE_EQ(perl_numify("1.5abc"), 1.5);
  EXPECT_DOUBLE_EQ(perl_numify("0x10"), 0);
  EXPECT_DOUBLE_EQ(perl_numify("1e"), 1);
  EXPECT_DOUBLE_EQ(perl_numify(""), 0);
  EXPECT_DOUBLE_EQ(perl_numify("30s"), 30);
  EXPECT_TRUE(std::isnan(perl_numify("-nan")));
  EXPECT_TRUE(std::isinf(perl_numify("Inf")));
}

}  // namespace
}  // namespace smokeping::web
