// Private to store/: the one door to librrd. Calls go through its argv entry points, the ones
// RRDs.pm uses, so that RRDCACHED_ADDRESS is honoured exactly as by the original.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/store/detail/rrd_text.hpp"

namespace smokeping::store::detail {

enum class RrdVerb { create, update, tune };

// What a call that failed without an error text reports.
inline constexpr std::string_view kNoErrorText = "unknown librrd error";

// `rrdtool <verb> args...`; nullopt on success, else librrd's error text.
std::optional<std::string> rrd_run(RrdVerb verb, const std::vector<std::string>& args);

// `rrdtool info <path>` as RRDs::info returns it, reduced to what the check reads; on failure
// `error` holds librrd's text.
struct InfoRead {
  std::optional<InfoFields> info;
  std::string error;
};
InfoRead rrd_read_info(const std::string& path);

// `rrdtool graph args...` through rrd_graph_v (args[0] is the file; "-" keeps the image in
// memory). On failure `error` holds librrd's text.
struct GraphRead {
  std::optional<std::string> error;
  std::vector<std::string> prints;  // print[0], print[1], ...
  long width = 0, height = 0;       // image_width/image_height; 0 when nothing was drawn
  std::string image;                // the bytes of an in-memory image
};
GraphRead rrd_read_graph(const std::vector<std::string>& args);

// `rrdtool fetch args...`: the DS names and the rows (NaN for unknown).
struct FetchRead {
  std::optional<std::string> error;
  std::vector<std::string> names;
  std::vector<std::vector<double>> rows;
  long start = 0;          // rows[i] is the value at start + (i + 1) * step
  unsigned long step = 0;  // of the RRA librrd chose
};
FetchRead rrd_read_fetch(const std::vector<std::string>& args);

// rrd_lastupdate_r: the time and the values (as text, "U" for unknown) of the last update.
struct LastUpdateRead {
  std::optional<std::string> error;
  long time = 0;
  std::vector<std::string> names, values;
};
LastUpdateRead rrd_read_lastupdate(const std::string& path);

// rrd_parsetime + rrd_proc_start_end: a --start/--end pair as the epochs rrdtool fetch would
// use, without reading any file.
struct SpanRead {
  std::optional<std::string> error;
  long start = 0, end = 0;
};
SpanRead rrd_resolve_span(const std::string& start, const std::string& end);

}  // namespace smokeping::store::detail
