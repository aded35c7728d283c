// Drawing and reading RRD files for the web UI: rrdtool graph (rrd_graph_v, no child process)
// and the fetch behind the median's standard deviation (web-and-rrd.md §3.4).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace smokeping::store {

struct GraphOutput {
  std::string error;                // librrd's text when the call failed, else empty
  std::vector<std::string> prints;  // the PRINT values as rrdtool formatted them
  int width = 0, height = 0;        // the image size; 0 when nothing was drawn (PRINT only)
  std::string image;                // the image bytes when the file argument is "-"
  bool ok() const { return error.empty(); }
};

// `rrdtool graph args...` as RRDs::graph takes them: the image file first ("-": the image is
// returned in `image` and no file is written), then the options and graph elements.
GraphOutput graph(const std::vector<std::string>& args);

struct ColumnFetch {
  std::string error;                          // librrd's text, else empty
  std::vector<std::optional<double>> values;  // one per row; nullopt for unknown
};

// `rrdtool fetch <rrd> <cf> --start <start> --end <end>`, column `ds` (error when absent).
ColumnFetch fetch_column(const std::string& rrd, const std::string& cf, const std::string& start,
                         const std::string& end, const std::string& ds);

// Smokeping::RRDhelpers::get_stddev: the population standard deviation of the known values,
// computed as the original does (sum and sum of squares); nullopt when none is known.
std::optional<double> stddev_of(const std::vector<std::optional<double>>& values);

}  // namespace smokeping::store
