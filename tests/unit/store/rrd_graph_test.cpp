// rrdtool graph and fetch through librrd: PRINT values, image size, in-memory images, errors,
// and the standard deviation the detail graphs show (web-and-rrd.md §3.3, §3.4).
#include "smokeping/store/rrd_graph.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <filesystem>

#include "smokeping/store/rrd_store.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace smokeping::store {
namespace {

constexpr int kPings = 3;

// A file in the original's layout with `rows` rounds of 300 s ending at `end`; round i has the
// median 0.01 * (i % 4 + 1), and every fifth round is unknown.
std::string make_file(const test::TempDir& dir, std::int64_t end, int rows) {
  RrdSpec spec{dir.path("host.rrd"), 300, kPings, {{"AVERAGE", 0.5, 1, 100}}};
  RrdStore store(test::CapturedLog().logger());
  const std::int64_t first = end - 300LL * rows;
  EXPECT_EQ(store.prepare(spec, first), std::nullopt);
  for (int i = 1; i <= rows; ++i) {
    const double median = 0.01 * (i % 4 + 1);
    const std::string values =
        i % 5 == 0 ? "U:U:U:U:U:U" : fmt::format("U:0:{0}:{0}:{0}:{0}", median);
    EXPECT_TRUE(store.update(spec, first + 300LL * i, values));
  }
  return spec.path;
}

TEST(RrdGraph, PrintOnlyCallReturnsTheValueAndDrawsNothing) {
  test::TempDir dir;
  const std::int64_t end = std::time(nullptr) / 300 * 300;
  const std::string rrd = make_file(dir, end, 20);
  GraphOutput out =
      graph({dir.path("never.png"), "--start", std::to_string(end - 6000), "--end",
             std::to_string(end), "DEF:m=" + rrd + ":median:AVERAGE", "PRINT:m:MAX:%le"});
  ASSERT_TRUE(out.ok()) << out.error;
  ASSERT_EQ(out.prints.size(), 1u);
  EXPECT_EQ(out.prints[0], "4.000000e-02");
  EXPECT_EQ(out.width, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path("never.png")));
}

TEST(RrdGraph, DashKeepsTheImageInMemoryWithItsSize) {
  test::TempDir dir;
  const std::int64_t end = std::time(nullptr) / 300 * 300;
  const std::string rrd = make_file(dir, end, 20);
  GraphOutput out =
      graph({"-", "--start", "-6000", "--width", "300", "--height", "100", "--imgformat", "PNG",
             "DEF:m=" + rrd + ":median:AVERAGE", "LINE1:m#ff0000"});
  ASSERT_TRUE(out.ok()) << out.error;
  ASSERT_GT(out.image.size(), 24u);
  EXPECT_EQ(out.image.substr(1, 3), "PNG");
  // The PNG header's IHDR holds the size rrdtool reports.
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(out.image[at]) << 24) |
           (static_cast<unsigned char>(out.image[at + 1]) << 16) |
           (static_cast<unsigned char>(out.image[at + 2]) << 8) |
           static_cast<unsigned char>(out.image[at + 3]);
  };
  EXPECT_EQ(be32(16), out.width);
  EXPECT_EQ(be32(20), out.height);
  EXPECT_GT(out.width, 300);
  EXPECT_FALSE(std::filesystem::exists("-"));
}

TEST(RrdGraph, MissingFileIsAnErrorNotACrash) {
  test::TempDir dir;
  GraphOutput out =
      graph({"-", "DEF:m=" + dir.path("nope.rrd") + ":median:AVERAGE", "LINE1:m#ff0000"});
  EXPECT_FALSE(out.ok());
  EXPECT_NE(out.error.find("No such file or directory"), std::string::npos) << out.error;
  EXPECT_TRUE(out.image.empty());
}

TEST(RrdGraph, BadTimeIsRrdtoolsMessage) {
  test::TempDir dir;
  const std::string rrd = make_file(dir, std::time(nullptr) / 300 * 300, 4);
  GraphOutput out =
      graph({"dummy", "--start", "garbage", "DEF:m=" + rrd + ":median:AVERAGE", "PRINT:m:MAX:%le"});
  EXPECT_EQ(out.error, "start time: unparsable time: garbage");
}

TEST(RrdFetch, ReturnsTheColumnWithUnknownRows) {
  test::TempDir dir;
  const std::int64_t end = std::time(nullptr) / 300 * 300;
  const std::string rrd = make_file(dir, end, 10);
  ColumnFetch fetch =
      fetch_column(rrd, "AVERAGE", std::to_string(end - 3000), std::to_string(end), "median");
  ASSERT_TRUE(fetch.error.empty()) << fetch.error;
  // As RRDs::fetch hands them to Perl: rows from start + step, one more than the rounds (the
  // step after the last update is still unknown).
  ASSERT_EQ(fetch.values.size(), 11u);
  int unknown = 0;
  for (const auto& v : fetch.values) unknown += !v;
  EXPECT_EQ(unknown, 3);  // rounds 5 and 10, and the open step
  EXPECT_DOUBLE_EQ(fetch.values[0].value_or(-1), 0.02);
  EXPECT_DOUBLE_EQ(fetch.values[3].value_or(-1), 0.01);
}

TEST(RrdFetch, UnknownColumnAndMissingFileAreErrors) {
  test::TempDir dir;
  const std::string rrd = make_file(dir, std::time(nullptr) / 300 * 300, 4);
  EXPECT_FALSE(fetch_column(rrd, "AVERAGE", "-3000", "now", "nosuch").error.empty());
  ColumnFetch missing = fetch_column(dir.path("nope.rrd"), "AVERAGE", "-3000", "now", "median");
  EXPECT_NE(missing.error.find("No such file"), std::string::npos) << missing.error;
}

TEST(StddevOf, IsThePopulationDeviationOfKnownValues) {
  EXPECT_EQ(stddev_of({}), std::nullopt);
  EXPECT_EQ(stddev_of({std::nullopt, std::nullopt}), std::nullopt);
  EXPECT_DOUBLE_EQ(stddev_of({1.0, std::nullopt, 2.0, 3.0, 4.0}).value(), std::sqrt(1.25));
  EXPECT_DOUBLE_EQ(stddev_of({0.5, 0.5}).value(), 0);
}

}  // namespace
}  // namespace smokeping::store
