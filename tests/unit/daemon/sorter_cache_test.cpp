// The daemon's sorter cache (web-and-rrd.md §1.7): the four sorters' values as the original's
// Smokeping/sorters/*.pm compute them, the file name's extension, and the bytes Perl's
// Storable::store writes (golden bytes captured from Debian's perl 5.36 / Storable 3.26).
#include "smokeping/daemon/sorter_cache.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "smokeping/protocol/storable.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::daemon {
namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

config::Config config_with_charts(std::vector<std::pair<std::string, std::string>> charts) {
  config::Config c;
  config::Charts section;
  for (auto& [name, sorter] : charts) {
    config::Chart chart;
    chart.name = name;
    chart.sorter.name = sorter;
    section.charts.push_back(chart);
  }
  c.presentation.charts = section;
  return c;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* kRow = "U:2:2.0000000000e-03:1.0000000000e-03:2.0000000000e-03:4.0000000000e-03:U:U";

TEST(SorterValue, EachSorterReadsItsColumnOfTheRow) {
  SorterInput in = sorter_input(kRow);
  EXPECT_DOUBLE_EQ(sorter_value(Sorter::loss, in), 2);
  EXPECT_DOUBLE_EQ(sorter_value(Sorter::median, in), 2e-3);
  EXPECT_DOUBLE_EQ(sorter_value(Sorter::max, in), 4e-3);
  // Population deviation of the known pings 1, 2, 4 ms: sqrt(14/9) ms.
  EXPECT_NEAR(sorter_value(Sorter::stddev, in), std::sqrt(14.0 / 9.0) * 1e-3, 1e-15);
}

TEST(SorterValue, ZeroLossAndAllLostAreMinusOne) {
  SorterInput clean = sorter_input("U:0:1.0000000000e-03:1.0000000000e-03:1.0000000000e-03");
  EXPECT_EQ(sorter_value(Sorter::loss, clean), -1);
  EXPECT_EQ(sorter_value(Sorter::stddev, clean), 0);  // known pings, no spread: 0, not -1
  SorterInput lost = sorter_input("U:3:U:U:U:U");
  EXPECT_EQ(sorter_value(Sorter::loss, lost), 3);
  EXPECT_EQ(sorter_value(Sorter::median, lost), -1);
  EXPECT_EQ(sorter_value(Sorter::max, lost), -1);
  EXPECT_EQ(sorter_value(Sorter::stddev, lost), -1);
}

TEST(SorterValue, MalformedRowsGiveMinusOneNotACrash) {
  for (const char* row : {"", ":", "garbage", "U:x:y:z", "U:::::"}) {
    SorterInput in = sorter_input(row);
    for (Sorter s : {Sorter::max, Sorter::median, Sorter::loss, Sorter::stddev})
      EXPECT_EQ(sorter_value(s, in), -1) << row;
  }
  EXPECT_EQ(sorter_value(Sorter::unknown, sorter_input(kRow)), -1);
}

TEST(SorterCacheExt, ProbeAndFiltersWithOddCharactersReplaced) {
  EXPECT_EQ(sorter_cache_ext("FPing", {}), ".FPing");
  EXPECT_EQ(sorter_cache_ext("", {}), "");
  EXPECT_EQ(sorter_cache_ext("FPing", {"/Europe/.*", "!x=y"}), ".FPing_Europe____x=y");
  EXPECT_EQ(sorter_cache_ext("", {"a b"}), ".a_b");
}

TEST(SorterCacheRound, WithoutChartsNothingIsComputedOrWritten) {
  config::Config none;
  SorterCacheRound round(none);
  EXPECT_FALSE(round.enabled());
  round.add("A/b", kRow);
  EXPECT_TRUE(round.values().empty());
  smokeping::test::TempConfig dir;
  round.save(dir.root(), ".FPing");
  EXPECT_FALSE(std::filesystem::exists(dir.path("__sortercache")));
}

TEST(SorterCacheRound, EveryChartGetsEveryRowAndTheLaterRowWins) {
  SorterCacheRound round(config_with_charts({{"loss", "Loss"}, {"max", "Max"}, {"x", "Bogus"}}));
  round.add("A/b", "U:1:1.0e-03:1.0e-03");
  round.add("A/b", "U:3:1.0e-03:5.0e-03");
  round.add("A/b~boomer", "U:0:1.0e-03:1.0e-03");
  ASSERT_EQ(round.values().size(), 2u);  // the unknown sorter has no values
  EXPECT_EQ(round.values().at("loss").at("A/b"), 3);
  EXPECT_EQ(round.values().at("loss").at("A/b~boomer"), -1);
  EXPECT_EQ(round.values().at("max").at("A/b"), 5e-3);
}

// Golden: perl -MStorable -e 'Storable::store({Max=>{"a/b~s"=>V}}, F)' on this machine, for
// V = 0.0+"2.0000000000e-03", -1, 0.0+"300", sqrt(2).
TEST(SorterCacheRound, BytesEqualWhatPerlStoresForEachKindOfNumber) {
  if (std::endian::native != std::endian::little || sizeof(long) != 8)
    GTEST_SKIP() << "golden bytes are from a little-endian LP64 machine";
  const std::string head = "70737430040b083132333435363738040808080301000000040301000000";
  const std::string tail = "05000000612f627e73030000004d6178";
  // Each row makes the Max sorter produce the value of one golden file.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"U:0:1e-3:2.0000000000e-03", "07fca9f1d24d62603f"},  // a double
      {"U:3:U:U", "087f"},                                  // -1, one byte
      {"U:0:1:300", "062c01000000000000"},                  // an integer above 127
      {"U:0:1:1.4142135623730951", "07cd3b7f669ea0f63f"},   // sqrt(2)
  };
  for (const auto& [row, value_hex] : cases) {
    SorterCacheRound round(config_with_charts({{"Max", "Max"}}));
    round.add("a/b~s", row);
    EXPECT_EQ(round.storable_bytes(), from_hex(head + value_hex + tail)) << row;
  }
}

TEST(SorterCacheRound, OurStorableReaderReadsTheBytesBack) {
  SorterCacheRound round(config_with_charts({{"loss", "Loss"}, {"median", "Median"}}));
  round.add("A/b", kRow);
  round.add("C", "U:0:U:U");
  auto read = protocol::storable::read_with_hashes(round.storable_bytes());
  ASSERT_TRUE(read.ok) << read.error;
  std::map<std::string, std::map<std::string, double>> seen;
  for (const auto& [chart, paths] : read.root.entries)
    for (const auto& [path, v] : paths.entries) seen[chart][path] = std::stod(v.text);
  EXPECT_EQ(seen, round.values());
}

TEST(SorterCacheRound, SaveRenamesIntoPlaceAndPerlRetrievesIt) {
  smokeping::test::TempConfig dir;
  SorterCacheRound round(config_with_charts({{"max", "Max"}, {"sd", "StdDev"}}));
  round.add("A/b", kRow);
  round.save(dir.root(), ".FPing");
  const std::string file = dir.path("__sortercache/data.FPing.storable");
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_FALSE(std::filesystem::exists(dir.path("__sortercache/new.FPing")));
  EXPECT_EQ(slurp(file), round.storable_bytes());
  if (std::system("perl -MStorable -e 1 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no perl";
  const std::string out = dir.path("perl.txt");
  const std::string cmd =
      "perl -MStorable -e '$c = Storable::retrieve(shift); printf \"%.6g "
      "%.6g\", $c->{max}{\"A/b\"}, $c->{sd}{\"A/b\"}' " +
      file + " > " + out;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(slurp(out), "0.004 0.00124722");
}

TEST(SorterCacheRound, UnwritableDirectoryThrowsAndKeepsTheOldFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes anywhere";
  smokeping::test::TempConfig dir;
  SorterCacheRound round(config_with_charts({{"max", "Max"}}));
  round.add("A/b", kRow);
  round.save(dir.root(), "");
  const std::string file = dir.path("__sortercache/data.storable");
  const std::string before = slurp(file);
  round.add("A/b", "U:0:1:9");
  ::chmod(dir.path("__sortercache").c_str(), 0555);
  EXPECT_THROW(round.save(dir.root(), ""), std::system_error);
  ::chmod(dir.path("__sortercache").c_str(), 0755);
  EXPECT_EQ(slurp(file), before);
  EXPECT_THROW(round.save(dir.path("no/such/dir"), ""), std::system_error);
}

}  // namespace
}  // namespace smokeping::daemon
