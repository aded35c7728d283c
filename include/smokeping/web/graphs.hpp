// The graphs of the web UI, drawn in-process with librrd into the image cache
// (web-and-rrd.md §3, file names §2.6/§2.7/§2.10). The pages ask for an image and get its path,
// URL, size, or librrd's error together with the arguments, which the original prints.
//
// Redrawing (overview, classic detail and chart images): an image in the cache is drawn again
// only when one of its RRD files changed since, when its arguments changed (y-range, standard
// deviation, config), or when it is older than its probe's step (a host without new data still
// scrolls on); the original redraws on every view (§2.10). With RRDCACHED_ADDRESS set every view
// draws, as the files' times lag behind the daemon. Concurrent requests for the same image draw
// it once: the others wait and reuse it (a mutex per file in this process, flock(2) on
// "<image>.lock", which also records what the image was drawn from, across processes). Images
// are written aside and renamed into place, so a reader never sees half an image.
//
// Failures: every function throws std::runtime_error("ERROR: creating  <imgcache><dir>:
// <strerror>") when a cache directory cannot be made (the original dies with it: a 500 page).
// A graph rrdtool cannot draw (missing RRD, bad time) is a GraphImage with `error` set and its
// arguments; the image file is then left as it was.
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

namespace smokeping::web {

enum class ImageFormat { png, svg };

// Which version's argument lists to pass to rrdtool: Debian's 2.7.3 (the default) or upstream
// 2.9.0 (§3.9: no "end\: " before the date, the title "... to <node title>", the overview's
// probe comment, the 2.9.0 loss table, colortext/colorborder/colorbackground).
enum class GraphFlavour { v2_7_3, v2_9_0 };

struct GraphEnv {
  std::int64_t now = 0;  // the request's time; every graph of a request uses the same one
  std::string hostname;  // WHO when neither the slave nor General has a display_name
  ImageFormat format = ImageFormat::png;
  GraphFlavour flavour = GraphFlavour::v2_7_3;
  long pid = 0;  // navigator images are named <now><pid>_<end>_<start>; 0: getpid()
  // Where failed pre-passes and fetches are reported (the original warns to stderr); may be
  // null.
  std::shared_ptr<spdlog::logger> log;
};

struct GraphImage {
  std::string file;           // the image in the cache: "<imgcache>/Europe/Zurich_mini.png"
  std::string url;            // what <IMG SRC> shows: "<imgurl>/Europe/Zurich_mini.png"
  int width = 0, height = 0;  // the image size rrdtool reports
  std::string error;          // librrd's text when drawing failed, else empty
  // Every argument passed to rrdtool graph, the file name first (the detail error lists them).
  std::vector<std::string> args;
  // What the original prints after "ERROR: <error>": the overview lists only its line blocks
  // (DEF ... GPRINT, each to be shown in single quotes); the detail graphs list all of args.
  std::vector<std::string> error_args;
  bool drawn = false;  // this call drew the image; false: the cached one was still good
  bool ok() const { return error.empty(); }
};

// One graph of a classic detail page (§2.7): a period of Presentation/detail for the master or
// one slave; multihost nodes have one per period.
struct DetailPanel {
  std::string desc;     // the period's text, "Last 3 Hours"
  std::string who;      // "master", the slave's display_name, ...; empty for multihost nodes
  std::string slave;    // "" for the master
  std::string seconds;  // exp2seconds of the period: "10800" (the file's _last_ suffix)
  // strftime("%Y-%m-%d %H:%M", localtime(now - seconds)) for the navigator link, unescaped;
  // the period text itself when it is not a number of seconds.
  std::string start_text;
  GraphImage image;
};

// The one graph of displaymode n, a or c.
struct RangeGraph {
  // Set when the y-range pre-pass failed: the page shows
  // "<div>RRDtool did not understand your input: <input_error>.</div>" and nothing else.
  std::string input_error;
  std::string desc;                    // heading: title, "Navigator Graph[ as seen from S]", path
  std::string epoch_start, epoch_end;  // parse_datetime of start/end (n, a)
  std::string start_text, end_text;    // defaults of the form's text fields (n)
  GraphImage image;
  // displaymode a only: the image's bytes and their type, "image/png" or "image/svg+xml".
  std::string bytes, content_type;
};

class GraphMaker {
 public:
  GraphMaker(const config::Config& config, GraphEnv env);

  // `<name>_mini.png` for a node with a host or a multihost node (§3.2); nullopt when it has
  // nothing to draw (hidden, no host, nomasterpoll without slaves).
  std::optional<GraphImage> overview(const config::TargetNode& node);

  // displaymode s: every period of Presentation/detail, each for the master (unless
  // nomasterpoll) and then every slave (§2.7, §3.3-§3.6). Drawing stops at the first graph
  // that fails, which is then the last panel (the original shows only that error).
  std::vector<DetailPanel> detail(const config::TargetNode& node);

  // displaymode n: one graph from `start` to `end` (raw request values, §3.8) of the master or
  // of `slave` (the target's ~S); `title` replaces "Navigator Graph" unless empty (single hosts
  // only, as the original). For multihost nodes epoch_end is now, as the original's form shows.
  // Navigator images older than an hour are removed first (§2.10).
  RangeGraph navigator(const config::TargetNode& node, std::string_view slave,
                       std::string_view start, std::string_view end, std::string_view title);

  // displaymode a: as navigator, drawn in memory: `bytes` holds the image and no file is
  // written (image.file is only the name the original would have used).
  RangeGraph ajax(const config::TargetNode& node, std::string_view slave, std::string_view start,
                  std::string_view end, std::string_view title);

  // displaymode c (Charts pages): the last hour into __chartscache/<d1.d2>.<name>_last_3600.
  RangeGraph chart(const config::TargetNode& node);

 private:
  const config::Config& config_;
  GraphEnv env_;
};

}  // namespace smokeping::web
