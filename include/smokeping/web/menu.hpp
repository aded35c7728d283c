// The `menu` part of a page (web-and-rrd.md §2.5): the hierarchy switcher and filter form,
// then the tree menu along the open path, or, with a filter, the flat sorted list of every
// entry whose menu text or title matches. Element structure, classes and link formats are the
// original's; every text and attribute value is HTML-escaped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/core/perl_regex.hpp"
#include "smokeping/web/page_tree.hpp"
#include "smokeping/web/params.hpp"

namespace smokeping::web {

// The <form name="hswitch">: the hierarchy <select> (only with Presentation/hierarchies) and
// the filter text field, which shows the request's `filter` again.
std::string render_switcher(const config::Config& config, const PageParams& params);

// The tree menu. `link_prefix` precedes each entry's dotted path in its href
// ("?hierarchy=owner;filter=o;target="), `link_suffix` follows it (".html" for the pages of
// --static-pages); `open` is the path of the page shown; `filter` null for the tree, else the
// flat list of matches.
std::string render_menu(const ViewNode& root, const std::vector<std::string>& open,
                        std::string_view link_prefix, const core::PerlRegex* filter,
                        std::string_view link_suffix = "");

}  // namespace smokeping::web
