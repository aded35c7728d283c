// The sorter cache that the Charts pages read (web-and-rrd.md §1.7): after every round the
// daemon stores, per chart, one number per RRD file that got a row, computed as the original's
// sorters (Smokeping/sorters/{Max,Median,Loss,StdDev}.pm) compute it. The file has the bytes
// Perl's `Storable::store` writes, so the original CGI reads ours and ours reads theirs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"

namespace smokeping::daemon {

// The sorters the original ships. Any other name has no values (the original cannot load it).
enum class Sorter { max, median, loss, stddev, unknown };

Sorter sorter_of(std::string_view name);

// One RRD row as the sorters see it: "uptime:loss:median:ping1:...:pingN", "U" unknown.
struct SorterInput {
  std::optional<double> loss, median;
  std::vector<std::optional<double>> pings;
};

// Splits an update string; a field that is not a number counts as unknown, as Perl's `0.0+$_`
// would make it 0 only for junk we never write.
SorterInput sorter_input(std::string_view update_values);

// The sorter's value for one row: -1 stands for "nothing to rank" (no loss, no median, no
// ping), exactly where the original's sorters return -1.
double sorter_value(Sorter sorter, const SorterInput& input);

// `<ext>` of the file names: "." + probe + all --filter strings, every character outside
// [-_=0-9a-zA-Z] replaced by '_'; empty when probe and filters are.
std::string sorter_cache_ext(std::string_view probe, const std::vector<std::string>& filters);

// One round's cache: { chart name => { "a/b" or "a/b~slave" => value } }.
class SorterCacheRound {
 public:
  explicit SorterCacheRound(const config::Config& config);

  // Whether the config has Charts at all; without them nothing is computed or written.
  bool enabled() const { return !charts_.empty(); }

  // Adds a row of `path` (below datadir, '/'-separated, "~slave" for slave files); a later
  // row of the same path replaces the earlier one, as the original's hash assignment does.
  void add(const std::string& path, std::string_view update_values);

  const std::map<std::string, std::map<std::string, double>>& values() const { return values_; }

  // The bytes Perl's Storable::store (native byte order, Storable 3.x) writes for this cache.
  std::string storable_bytes() const;

  // Writes `<datadir>/__sortercache/new<ext>` and renames it to `data<ext>.storable`, creating
  // the directory (0755) when missing; nothing happens when !enabled(). Throws
  // std::system_error naming the path when a system call fails (the old file is then kept).
  void save(const std::string& datadir, std::string_view ext) const;

 private:
  std::vector<std::pair<std::string, Sorter>> charts_;
  std::map<std::string, std::map<std::string, double>> values_;
};

}  // namespace smokeping::daemon
