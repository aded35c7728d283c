// Private to store/: the one door to librrd. Calls go through its argv entry points, the ones
// RRDs.pm uses, so that RRDCACHED_ADDRESS is honoured exactly as by the original.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/store/detail/rrd_text.hpp"

namespace smokeping::store::detail {

enum class RrdVerb { create, update, tune };

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
};
FetchRead rrd_read_fetch(const std::vector<std::string>& args);

}  // namespace smokeping::store::detail
