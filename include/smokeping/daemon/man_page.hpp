// `smokeping --man [PAGE]`: the manual pages, embedded at build time from packaging/man/.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace smokeping::daemon {

struct ManPage {
  std::string_view name;  // "smokeping", "smokeping.cgi", "smokeping_config", ...
  int section = 0;
  std::string_view roff;  // the page's source
};

// The page called `name`; "" means smokeping(8). A trailing ".N" section suffix is accepted
// ("smokeping_config.5"). nullopt when there is no such page.
std::optional<ManPage> find_man_page(std::string_view name);

// The names of every embedded page, for the error message.
std::vector<std::string> man_page_names();

// Shows page `name`: on a terminal through man(1) and its pager; otherwise the text man(1)
// formats, written to `out`, or the roff source when man(1) is not installed.
// Returns the exit status: 0, or 2 (with a message on `err`) for an unknown page.
int show_man_page(const std::string& name, std::ostream& out, std::ostream& err);

// `--makepod [PAGE]`: the documentation source of page `name`, unformatted. Ours is roff, not
// the original's POD; "" means smokeping_config(5), the grammar, as the original's default.
// Returns 0, or 2 (with a message on `err`) for an unknown page.
int print_man_source(const std::string& name, std::ostream& out, std::ostream& err);

}  // namespace smokeping::daemon
