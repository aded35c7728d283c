// The Charts pages' data (web-and-rrd.md §1.7, §2.8): the sorter cache as Perl's Storable
// writes it (a hash of hashes; the hash support of protocol/storable), dropping what is not
// in the tree, staleness, ranking, and the chart format's sprintf.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "smokeping/protocol/storable.hpp"
#include "smokeping/web/charts.hpp"
#include "tests/unit/web/page_test_support.hpp"

namespace smokeping::web {
namespace {

namespace storable = protocol::storable;
using storable::Value;

Value cache_value(
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> charts) {
  std::vector<std::pair<std::string, Value>> top;
  for (auto& [chart, entries] : charts) {
    std::vector<std::pair<std::string, Value>> values;
    for (auto& [path, v] : entries) values.emplace_back(path, Value::scalar_of(v));
    top.emplace_back(chart, Value::hash_of(std::move(values)));
  }
  return Value::hash_of(std::move(top));
}

TEST(StorableHashes, RoundTripThroughOurWriterAndReader) {
  Value v = cache_value({{"loss", {{"A/b", "2"}, {"C", "-1"}}}, {"max", {}}});
  storable::ReadResult r = storable::read_with_hashes(storable::write_network(v));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.root, v);
  // The array-only reader still refuses hashes.
  EXPECT_FALSE(storable::read(storable::write_network(v)).ok);
}

TEST(StorableHashes, TruncatedOrLyingHashesAreErrors) {
  std::string bytes = storable::write_network(cache_value({{"loss", {{"A/b", "2"}}}}));
  for (std::size_t n = 0; n < bytes.size(); ++n)
    EXPECT_FALSE(storable::read_with_hashes(bytes.substr(0, n)).ok) << n;
  std::string lying = bytes;
  lying[7] = '\x7f';  // the top hash claims 2^31 entries
  EXPECT_FALSE(storable::read_with_hashes(lying).ok);
}

// `store` (native order, as the daemon writes it) of the reference's kind of data.
TEST(StorableHashes, ReadsWhatPerlStores) {
  if (std::system("perl -MStorable -e 1 >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "perl with Storable is not installed";
  smokeping::test::TempConfig tc;
  const std::string file = tc.path("data.storable");
  const std::string cmd =
      "perl -MStorable=store -e 'store({loss => {\"A/b\" => 2, \"C\" => -1}, "
      "stddev => {\"A/b\" => 0.00354320061020623}, max => {\"C\" => \"0.036129888354\"}}, "
      "\"" +
      file + "\")'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto bytes = smokeping::test::read_file(file);
  ASSERT_TRUE(bytes);
  storable::ReadResult r = storable::read_with_hashes(*bytes);
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.root.kind, Value::Kind::hash);
  std::map<std::string, std::map<std::string, std::string>> seen;
  for (const auto& [chart, paths] : r.root.entries)
    for (const auto& [path, value] : paths.entries) seen[chart][path] = value.text;
  EXPECT_EQ(seen["loss"]["A/b"], "2");
  EXPECT_EQ(seen["loss"]["C"], "-1");
  EXPECT_EQ(seen["stddev"]["A/b"], "0.00354320061020623");
  EXPECT_EQ(seen["max"]["C"], "0.036129888354");
}

class SorterCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!site_.ok()) GTEST_SKIP() << "reference config not found";
  }
  std::string write_cache(const std::string& name, const Value& v, std::int64_t mtime) {
    std::string path = site_.dir().write("data/__sortercache/" + name, storable::write_network(v));
    struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
    return path;
  }
  const config::Chart& chart(const std::string& name) {
    for (const auto& c : site_.config().presentation.charts->charts)
      if (c.name == name) return c;
    throw std::runtime_error("no chart " + name);
  }
  test::ReferenceSite site_;
};

TEST_F(SorterCacheTest, SlaveAndUnknownPathsAreDroppedWithAWarning) {
  SorterCache cache;
  std::string error;
  Value v = cache_value({{"loss",
                          {{"Europe/Zurich", "1"},
                           {"Europe/Zurich~boomer", "-1"},
                           {"Europe/Paris", "3"},
                           {"../etc", "3"}}}});
  ASSERT_TRUE(merge_sorter_cache(storable::write_network(v), site_.config(), cache, error));
  EXPECT_EQ(cache.charts["loss"].size(), 1u);
  EXPECT_EQ(cache.charts["loss"]["Europe/Zurich"], 1.0);
  ASSERT_EQ(cache.warnings.size(), 3u);
  EXPECT_EQ(cache.warnings[0], "Dropping loss/Europe/Zurich~boomer from sortercache");
}

TEST_F(SorterCacheTest, GarbageIsRefusedAndAddsNothing) {
  SorterCache cache;
  std::string error;
  EXPECT_FALSE(merge_sorter_cache("not storable", site_.config(), cache, error));
  EXPECT_FALSE(error.empty());
  Value not_nested = Value::hash_of({{"loss", Value::scalar_of("1")}});
  EXPECT_FALSE(
      merge_sorter_cache(storable::write_network(not_nested), site_.config(), cache, error));
  EXPECT_FALSE(cache.found);
  EXPECT_TRUE(cache.charts.empty());
}

TEST_F(SorterCacheTest, OnlyFreshFilesAreReadAndNothingIsDeleted) {
  const std::int64_t now = 2000000000;
  write_cache("data.FPing.storable", cache_value({{"loss", {{"Europe/Zurich", "4"}}}}), now - 600);
  std::string stale = write_cache("data.Other.storable",
                                  cache_value({{"loss", {{"Europe/London", "9"}}}}), now - 601);
  write_cache("other.storable", cache_value({{"loss", {{"Europe/Home", "9"}}}}), now);
  SorterCache cache = load_sorter_cache(site_.config(), now);
  EXPECT_TRUE(cache.found);
  EXPECT_EQ(cache.charts["loss"].size(), 1u);
  EXPECT_EQ(cache.charts["loss"].count("Europe/Zurich"), 1u);
  EXPECT_TRUE(std::filesystem::exists(stale));
  EXPECT_FALSE(load_sorter_cache(site_.config(), now + 10000).found);
}

TEST_F(SorterCacheTest, RankingIsDescendingAndCutAtEntries) {
  SorterCache cache;
  cache.found = true;
  cache.charts["loss"] = {{"Europe/Zurich", 1},  {"America/Lossy", 2},    {"Europe/Home", -1},
                          {"Europe/London", -1}, {"America/NewYork", -1}, {"America/Multi", 0}};
  std::vector<ChartEntry> ranked = rank_chart(cache, chart("loss"), site_.config());
  ASSERT_EQ(ranked.size(), 5u);  // Loss(entries=>5)
  EXPECT_EQ(ranked[0].path, (std::vector<std::string>{"America", "Lossy"}));
  EXPECT_EQ(ranked[1].path, (std::vector<std::string>{"Europe", "Zurich"}));
  EXPECT_EQ(ranked[2].path, (std::vector<std::string>{"America", "Multi"}));
  EXPECT_EQ(ranked[3].value, -1);
  EXPECT_EQ(chart_entries(chart("stddev")), 4);
  config::Chart plain;
  plain.sorter.name = "Max()";
  EXPECT_EQ(chart_entries(plain), 3);
}

TEST(PerlFormat, FormatsLikePerlsSprintf) {
  EXPECT_EQ(perl_format_number("Packets Lost %f", 2), "Packets Lost 2.000000");
  EXPECT_EQ(perl_format_number("Max Roundtrip Time %f seconds", 0.1220522929),
            "Max Roundtrip Time 0.122052 seconds");
  EXPECT_EQ(perl_format_number("%.2e|%5.1f|%-4d|%x|%%|%s", 1234.5), "1.23e+03|  0.0|0   |0|%|");
  EXPECT_EQ(perl_format_number("%d ms", -1.7), "-1 ms");
  EXPECT_EQ(perl_format_number("%s", 0.25), "0.25");
}

TEST(PerlFormat, UnknownConversionsAreCopiedNotPassedToPrintf) {
  EXPECT_EQ(perl_format_number("%n %p %*d %", 1), "%n %p %*d %");
  EXPECT_EQ(perl_format_number("%99999999f", 1), "%99999999f");
}

}  // namespace
}  // namespace smokeping::web
