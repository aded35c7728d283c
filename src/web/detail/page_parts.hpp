// The parts of a page (web-and-rrd.md §2.6-§2.8) and what they share: the request's link
// style, the graphs, and the status the answer will get when a part fails.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/web/charts.hpp"
#include "smokeping/web/http.hpp"
#include "smokeping/web/page_graphs.hpp"
#include "smokeping/web/page_tree.hpp"
#include "smokeping/web/params.hpp"

namespace smokeping::web::detail {

struct PageContext {
  const config::Config& config;
  const Request& request;
  const PageParams& params;
  PageGraphs& graphs;
  // General/linkstyle: "" (relative), cgiurl (absolute) or SCRIPT_NAME (original).
  std::string cgiurl_part;
  std::string hierarchy_arg;  // "hierarchy=owner;" or ""
  // The pages of --static-pages (static_site.hpp): a target's link is its file,
  // "<dotted>.html", and a detail graph links to its image (there is no navigator).
  bool static_files = false;
  int status = 200;  // the highest status a part asked for
  // What went wrong, for the log (warning, or error for a 5xx), with the status each asked for.
  std::vector<std::pair<int, std::string>> problems;
  std::vector<std::string> notes;  // worth a debug line only

  // Records a failure; the answer keeps its page but gets the highest status recorded (200:
  // logged only).
  void problem(int new_status, std::string message);
  // "<cgiurl part>?[hierarchy=H;]target=<dotted>" ("<dotted>.html" for static files), not yet
  // HTML-escaped.
  std::string target_link(std::string_view dotted) const;
};

PageContext make_context(const config::Config& config, const Request& request,
                         const PageParams& params, PageGraphs& graphs);

std::string join(const std::vector<std::string>& parts, std::string_view sep);

// The RRD files a graph of `node` reads that do not exist: the master's (unless `slave`),
// `slave`'s, or for a multihost node every file it names.
std::vector<std::string> missing_rrds(const config::Config& config, const config::TargetNode& node,
                                      std::string_view slave);

// One overview graph per visible child with a host (§2.6); `open` is the path of `node`.
std::string overview_part(PageContext& ctx, const ViewNode& node,
                          const std::vector<std::string>& open);

// The node's own graphs in the request's display mode (§2.7); "" for nodes without a host.
// Ajax requests are answered elsewhere.
std::string detail_part(PageContext& ctx, const ViewNode& node,
                        const std::vector<std::string>& open);

// Chart mode (displaymode c, and each entry of the Charts pages): the last hour of `node`,
// linked to its page at `open`.
std::string chart_mode_part(PageContext& ctx, const config::TargetNode& node,
                            const std::vector<std::string>& open);

// `target=_charts[.name]` (§2.8).
std::string charts_part(PageContext& ctx, const SorterCache& cache);

}  // namespace smokeping::web::detail
