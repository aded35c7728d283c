// The Charts pages' data (web-and-rrd.md §1.7, §2.8): the sorter cache the daemon stores after
// every round in <datadir>/__sortercache/data*.storable (a Perl hash: chart name → path →
// value), ranked per chart, and the chart headings' Perl sprintf.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"

namespace smokeping::web {

struct SorterCache {
  bool found = false;  // at least one fresh cache file was read
  // chart name → path below datadir ("Europe/Zurich") → value (−1: none, see §1.7)
  std::map<std::string, std::map<std::string, double>> charts;
  // What the original warns about: entries dropped (paths not in the tree, slave entries),
  // duplicates, and files that could not be read.
  std::vector<std::string> warnings;
};

// Reads every data*.storable of <datadir>/__sortercache whose mtime is at most
// 2 × Database/step seconds before `now`. Older files are skipped, not deleted as the original
// does: a page view changes nothing on disk.
SorterCache load_sorter_cache(const config::Config& config, std::int64_t now);

// Adds the entries of one cache file (its bytes) to `cache`; false with `error` set when the
// bytes are not such a file (nothing is added then).
bool merge_sorter_cache(std::string_view bytes, const config::Config& config, SorterCache& cache,
                        std::string& error);

struct ChartEntry {
  std::vector<std::string> path;  // {"Europe", "Zurich"}
  const config::TargetNode* node = nullptr;
  double value = 0;
};

// The chart's entries by value, largest first (equal values by path), at most the sorter's
// `entries` (default 3).
std::vector<ChartEntry> rank_chart(const SorterCache& cache, const config::Chart& chart,
                                   const config::Config& config);

// The sorter's `entries` argument, or 3 when it is missing, 0 or unreadable.
int chart_entries(const config::Chart& chart);

// Perl's sprintf(format, value) for a chart's `format` ("Max Roundtrip Time %f seconds"): %%,
// and the conversions d i u o x X e E f F g G s with flags, width and precision. The first
// conversion gets the value, later ones get what Perl gives a missing argument (0 or ""); a
// conversion it does not know is copied as written.
std::string perl_format_number(std::string_view format, double value);

}  // namespace smokeping::web
