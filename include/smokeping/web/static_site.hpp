// The pages of `smokeping --static-pages` (web-and-rrd.md §2.13): what the CGI shows for each
// node of the Targets tree, rendered for plain files. The differences from the CGI's pages are
// the original's: a target's link is its file, "<dotted path>.html"; the menu has no hierarchy
// switcher, no filter form and no Charts entry; the author, SmokePing and logo links use
// http://; <##step##> is the step of the node's own probe. Ours differs in one place: a detail
// graph links to its image, where the original links to a navigator query the files cannot
// answer.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/web/page_graphs.hpp"

namespace smokeping::web {

// "index.html" for the root (an empty path), else the dotted path: "Europe.Zurich.html".
std::string static_page_name(const std::vector<std::string>& path);

// Why the tree cannot be written as files, or nullopt: a top-level node named `index` would
// take the root page's file (the original silently overwrote the root page with it).
std::optional<std::string> static_site_conflict(const config::Config& config);

struct StaticPage {
  std::vector<std::string> path;  // the node's path; empty for the root
  std::string file_name;          // static_page_name(path)
  std::string html;
};

struct StaticSiteInput {
  // Its General/imgcache and imgurl are where the graphs go and how the pages name them.
  const config::Config& config;
  std::string template_text;       // Presentation/template, already read
  std::string authuser = "Guest";  // <##authuser##>: the original takes REMOTE_USER
};

// Renders the page of every node: the root first, then depth first in file order. Hidden
// nodes get a page too (the original writes one), reachable from no menu or overview. Each
// page goes to `emit` as soon as it is ready; an exception from `emit` stops the walk. The
// logos are written into imgcache first. Returns what went wrong that the pages show (a graph
// that could not be drawn), one line each, for the log.
std::vector<std::string> render_static_site(const StaticSiteInput& input, PageGraphs& graphs,
                                            const std::function<void(const StaticPage&)>& emit);

}  // namespace smokeping::web
