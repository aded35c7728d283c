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

}  // namespace smokeping::store::detail
