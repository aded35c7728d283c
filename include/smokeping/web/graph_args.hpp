// The argument lists of every rrdtool graph call the web UI makes (web-and-rrd.md §3), built
// without any I/O: what the original would pass to RRDs::graph for the same config, node,
// time and measured values (y-range pre-pass results, standard deviations, files present).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/web/graphs.hpp"

namespace smokeping::web {

// One rrdtool graph call.
struct GraphCall {
  std::vector<std::string> args;
  std::size_t file_index = 0;  // args[file_index] is the image file ("dummy" for a pre-pass)
  // The part of args the original lists after an overview's error: its line blocks.
  std::size_t lines_begin = 0, lines_end = 0;
};

// A y-range: the number, and the text the original pastes (a Perl number, or max_rtt as
// written in the config).
struct Upper {
  double value = 0;
  std::string text = "0";
};

// ---- names (§1.1, §2.6, §2.7, §2.10)

// `<datadir>/<dirs>/<name>[~slave].rrd`.
std::string node_rrd(const config::Config& config, const config::TargetNode& node,
                     std::string_view slave = {});

struct ImagePlace {
  std::string file, url;
};
// `<imgcache>/<dirs>/<name>_mini.<ext>`.
ImagePlace overview_image(const config::Config& config, const config::TargetNode& node,
                          ImageFormat format);
// `<imgcache>/<dirs>/<name>[~slave]_last_<seconds>.<ext>` (classic detail).
ImagePlace classic_image(const config::Config& config, const config::TargetNode& node,
                         std::string_view slave, std::string_view seconds, ImageFormat format);
// `<imgcache>/__navcache/<prefix>_<end>_<start>.<ext>`: prefix = "<now><pid>" (navigator) or a
// serial number (ajax).
ImagePlace navigator_image(const config::Config& config, std::string_view prefix,
                           std::string_view end, std::string_view start, ImageFormat format);
// `<imgcache>/__chartscache/<d1.d2>.<name>_last_3600.<ext>`.
ImagePlace chart_image(const config::Config& config, const config::TargetNode& node,
                       ImageFormat format);

// ---- the probe's words (§3.1)

// ProbeDesc of the original's probe module: "ICMP Echo Pings (56 Bytes)" for FPing.
std::string probe_desc(const config::ProbeInstance& probe);
// ProbeUnit: "Seconds" for every probe the original ships.
std::string probe_unit(const config::ProbeInstance& probe);

// ---- overview (§3.2)

// nullopt when the node has nothing to draw (no host, hidden, nomasterpoll without slaves).
std::optional<GraphCall> overview_call(const config::Config& config, const GraphEnv& env,
                                       const config::TargetNode& node);

// ---- y-range pre-pass (§3.3)

// `dummy --start -S --width <overview width> --end -<S / detail width> DEF... PRINT...`.
GraphCall findmax_call(const config::Config& config, const std::string& rrd,
                       const config::GraphSpan& span);
// The upper limits of one file's periods, keyed by exp2seconds(span), from the PRINT values in
// Presentation/detail order ("" for a call that failed), with the original's string sort.
std::map<std::string, Upper> findmax_uppers(const config::Config& config,
                                            const std::vector<std::string>& printed);
// Multihost classic graphs keep, per period, the largest upper of all their files.
void keep_larger_uppers(std::map<std::string, Upper>& into,
                        const std::map<std::string, Upper>& from);

// `dummy --start <start> --end <end> DEF... PRINT...` (navigator, ajax, chart).
GraphCall range_findmax_call(const std::string& rrd, std::string_view start, std::string_view end);
// Single host: PRINT value x 1.5, NaN counting as 1.
Upper range_upper(std::string_view printed);
// Multihost: the largest PRINT value (NaN never wins) x 1.5.
Upper multi_range_upper(const std::vector<std::string>& printed);

// ---- detail graphs (§3.4-§3.6)

enum class DetailMode { classic, navigator, ajax, chart };

struct DetailRequest {
  DetailMode mode = DetailMode::classic;
  // classic: the slave whose file this is ("" = master); navigator/ajax: the target's ~S, whose
  // file is drawn under the master's name, as the original does.
  std::string slave;
  std::string file;   // the image file
  std::string start;  // the --start value: "-10800", "-3600", or parse_datetime's result
  std::string end;    // navigator/ajax: the --end value; otherwise empty
  std::string desc;   // the first part of the title
  Upper upper;
  double sd = 0;          // standard deviation of the median over the graph's range
  bool has_adr = false;   // the DYNAMIC node's .adr file exists (uptime background)
  bool lazy = false;      // pass --lazy (the original's y-range memory)
  std::int64_t date = 0;  // the time written as "end: <date>"
};
GraphCall detail_call(const config::Config& config, const GraphEnv& env,
                      const config::TargetNode& node, const DetailRequest& request);

struct MultiRequest {
  DetailMode mode = DetailMode::classic;
  std::string file, start, end, desc;
  Upper upper;
  // Per listed path, in `host` order: its standard deviation, or nullopt when its RRD cannot
  // be read (the original leaves such a path out).
  std::vector<std::optional<double>> sds;
  bool lazy = false;
  std::int64_t date = 0;
};
GraphCall multi_detail_call(const config::Config& config, const GraphEnv& env,
                            const config::TargetNode& node, const MultiRequest& request);

// The time range of a navigator (n), ajax (a) or chart (c) graph, resolved as the original
// does (§3.7, §3.8) from the request's raw start/end (ignored for charts).
struct RangeSpec {
  DetailMode mode = DetailMode::navigator;
  std::string findmax_start, findmax_end;  // the pre-pass range
  std::string start;                       // the graph's --start
  std::string end;                         // the graph's --end; "last" when it has none
  std::int64_t date = 0;                   // the time the graph's "end:" comment shows
};
RangeSpec resolve_range(DetailMode mode, std::string_view start, std::string_view end,
                        std::int64_t now, bool multihost);

// The heading/title text of a range graph: the chart's path; the `title` parameter (single
// hosts); "Navigator Graph[ as seen from <slave's display_name>]".
std::string range_desc(const config::Config& config, DetailMode mode,
                       const config::TargetNode& node, std::string_view slave,
                       std::string_view title);

// The paths a multihost node lists: "/Europe/Zurich", "/Europe/Zurich~boomer".
std::vector<std::string> multihost_paths(const config::TargetNode& node);
// The node and slave a multihost path names; node is nullptr when the path names none.
struct MultihostTarget {
  const config::TargetNode* node = nullptr;
  std::string slave;
};
MultihostTarget multihost_target(const config::Config& config, std::string_view path);
// `<datadir><path>.rrd` (no slash added, as in the detail graphs).
std::string multihost_rrd(const config::Config& config, std::string_view path);

}  // namespace smokeping::web
