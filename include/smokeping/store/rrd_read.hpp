// Reading a target's RRD file as numbers, for the metrics and the JSON data API of the CGI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smokeping::store {

// `rrdtool fetch <rrd> <cf> --start <start> --end <end>`: every column of the RRA librrd
// chose for the range. `start`/`end` are anything rrdtool takes (epoch, "-3h", "now").
struct RrdTable {
  std::string error;       // librrd's text, else empty
  std::int64_t start = 0;  // rows[i] holds the values at time start + (i + 1) * step
  long step = 0;
  std::vector<std::string> names;                        // the DS names, in file order
  std::vector<std::vector<std::optional<double>>> rows;  // nullopt for unknown
  std::int64_t row_time(std::size_t i) const {
    return start + static_cast<std::int64_t>(i + 1) * step;
  }
};
// `resolution` (seconds; 0: the file's step) is rrdtool fetch's --resolution: librrd then
// prefers an archive whose rows are at least that coarse.
RrdTable fetch_table(const std::string& rrd, const std::string& cf, const std::string& start,
                     const std::string& end, long resolution = 0);

// `rrdtool lastupdate <rrd>`: the values of the last update as they were given (no
// consolidation), read from the file's header only, so it stays cheap for many files.
// Behind rrdcached the file may lag by what the daemon has not flushed yet.
struct LastUpdate {
  std::string error;  // librrd's text, else empty
  std::int64_t time = 0;
  std::vector<std::string> names;
  std::vector<std::optional<double>> values;  // nullopt for "U"
  // The value of DS `name`; nullopt when unknown or absent.
  std::optional<double> value(const std::string& name) const;
};
LastUpdate last_update(const std::string& rrd);

// The epochs rrdtool fetch makes of a `start`/`end` pair ("-3h", "now", "end-1d", epochs),
// so that a caller can bound a range before fetching it; no file is read.
struct TimeSpan {
  std::string error;  // librrd's text, else empty
  std::int64_t start = 0, end = 0;
};
TimeSpan resolve_span(const std::string& start, const std::string& end);

}  // namespace smokeping::store
