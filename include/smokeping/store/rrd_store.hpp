// The RRD files, in the original's layout (web-and-rrd.md §1): one per host node, plus one
// per slave (`~slave`), DS uptime, loss, median, ping1..pingN, RRAs from *** Database ***.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::store {

// Everything that decides a file's layout.
struct RrdSpec {
  std::string path;
  long step = 300;
  int pings = 20;
  std::vector<config::Rra> rras;
  bool operator==(const RrdSpec&) const = default;
};

// `<datadir>/<node path>[~slave].rrd`.
std::string rrd_path(const config::Config& config, const config::TargetNode& node,
                     std::string_view slave = {});

// The spec of a host node's file (master or slave: same step and pings).
RrdSpec rrd_spec(const config::Config& config, const config::TargetNode& node,
                 std::string_view slave = {});

// The arguments after the file name of `rrdtool create`, exactly as the original builds them:
// --start <now-1> --step <step> DS:... RRA:...
std::vector<std::string> create_args(const RrdSpec& spec, std::int64_t now);

// Compares an existing file with the spec as the original does (§1.4). Returns nullopt when it
// fits (RRA parameter differences are only warnings), else the text of the fatal mismatch
// ("Different number of data sources: ...") or why the file cannot be read
// ("F: unknown RRD version: 0002").
std::optional<std::string> check_layout(const RrdSpec& spec);

class RrdStore {
 public:
  explicit RrdStore(std::shared_ptr<spdlog::logger> log);

  // What the daemon does at every config load (§1.3, §1.4): creates the file (and its
  // directories, 0755) when missing, else checks its layout, logs RRA warnings and tunes DS
  // heartbeat/min/max. Returns the text the original dies with, e.g. "Error: RRD parameter
  // mismatch ('...'). You must delete F or fix the configuration parameters." or
  // "ERROR: mkdir D: Not a directory" (also logged at error level); the caller should stop
  // with it as the original does. nullopt otherwise. A failed create is only logged, as in
  // the original (the file's updates then fail and log too).
  std::optional<std::string> prepare(const RrdSpec& spec, std::int64_t now);

  // What the CGI does at every config load: the check of prepare() for an existing file; a
  // missing file is left alone.
  std::optional<std::string> verify(const RrdSpec& spec);

  // The file is there (always true through rrdcached, which may keep it on another host).
  bool exists(const RrdSpec& spec) const;

  // `rrdtool update FILE --template uptime:loss:median:ping1:...:pingN TIME:VALUES`.
  // Honours RRDCACHED_ADDRESS as the original does. True when the file took the row; false
  // (and logged at warning) on failure. With `quiet_when_not_newer`, librrd's refusal of a row
  // not newer than the file's last one is logged at debug only: a replayed row usually is
  // already there. Every other failure stays a warning.
  bool update(const RrdSpec& spec, std::int64_t time, const std::string& values,
              bool quiet_when_not_newer = false);

 private:
  std::optional<std::string> check_existing_(const RrdSpec& spec);
  std::string fatal_(std::string text);

  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace smokeping::store
