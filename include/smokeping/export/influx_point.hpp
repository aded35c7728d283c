// What SmokePing 2.9.0 sends to InfluxDB for one RRD row of one target: the measurement is the
// target's probe, the tags say which target and who measured, the fields hold the row's
// values in seconds. Pure; the writer sends the lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "smokeping/config/model.hpp"
#include "smokeping/export/line_protocol.hpp"

namespace smokeping::exports {

// One row as the master writes it into the target's RRD file.
struct InfluxRow {
  std::string_view slave;   // "" for the master's own row
  std::int64_t time = 0;    // seconds since the epoch
  std::string_view values;  // "uptime:loss:median:ping1:...:pingN", "U" for unknown
};

// The point of `row` (time in milliseconds, as 2.9.0 writes with precision=ms):
//   measurement  the probe's name (`FPing`, or the instance's name)
//   tags         host, title, path (`/Group/Target`), slave (its name, or `master`), loss,
//                loss_percent, and tag_<name> for each of the node's influx_<name> variables
//   fields       uptime, loss (integer), loss_percent (integer), median, ping1..pingN, min,
//                max; an unknown ("U") value has no field
// nullopt when the row is malformed (fewer than three values, or a loss that is not a count
// from 0 to the node's pings) or the node has no probe.
std::optional<Point> influx_point(const config::TargetNode& node, const InfluxRow& row);

}  // namespace smokeping::exports
