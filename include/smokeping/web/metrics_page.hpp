// smokeping.cgi?metrics: the Prometheus metrics of the master (docs/api.md lists them all).
// Per target and slave: the last round's median, loss, ping times and update time, read from
// each RRD's header (rrd lastupdate: no consolidation, one small read per file); the slaves'
// last-seen time and cache backlog; the daemon's own health from its health file.
#pragma once

#include <cstdint>
#include <string>

#include "smokeping/config/model.hpp"

namespace smokeping::web {

// The exposition text. Never throws for missing or unreadable files: a target whose RRD
// cannot be read has smokeping_target_rrd_readable 0 and no other samples, a missing health
// file smokeping_health_file_readable 0.
std::string metrics_text(const config::Config& config, std::int64_t now);

// The content type of the text exposition format.
inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace smokeping::web
