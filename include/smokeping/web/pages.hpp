// The web pages of smokeping.cgi (web-and-rrd.md §2.3-§2.11): every request that is neither
// a slave's post nor a DYNAMIC address update. The page is the config's template filled with
// the menu, the overview and detail graphs or the Charts lists, in the original's HTML
// structure; displaymode=a answers with the image itself.
//
// Errors are proper HTTP statuses, each logged, with the original's message texts:
//   400  a parameter no page reads, a NUL byte, `/` in a target component, a filter that is
//        not a valid regex, an unknown displaymode, a start/end rrdtool does not understand;
//   404  an unknown target, slave, hierarchy or chart, a slave that does not report for the
//        target, a zoom image for a node without graphs;
//   500  a graph that could not be drawn or its RRD missing, an unreadable template.
// Where the original showed the error inside the page (displaymode, start/end, graphs), the
// page is still sent, with that status; the others get a short error page.
#pragma once

#include <memory>

#include "smokeping/web/http.hpp"
#include "smokeping/web/page_graphs.hpp"
#include "smokeping/web/page_input.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::web {

// With the real graphs (GraphMaker) and the CGI's log on stderr.
Response serve_page(const PageInput& input);

// With the given graphs and log (tests use a fake and a recording sink).
Response serve_page(const PageInput& input, PageGraphs& graphs, spdlog::logger& log);

// "2.007003" for "2.7.3": the original's $VERSION, which its links carry.
std::string perl_version_string(std::string_view dotted);

}  // namespace smokeping::web
