// Private to web/: the bodies of the views modern_ui.hpp adds to a target's page.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "smokeping/web/modern_ui.hpp"
#include "src/web/detail/page_parts.hpp"

namespace smokeping::web::detail {

// One graph with the median of the master and of every slave of `node` from the request's
// start to end (default: the last 3 hours), an HTML legend and links to the detail periods. A
// node without slaves records a 404 and says so; a graph that fails records its status and
// shows the error.
std::string slaves_view_part(PageContext& ctx, const ViewNode& node,
                             const std::vector<std::string>& open);

// The slaves' status table (slave_status.hpp) at `now`; a config without slaves records a 404.
std::string slave_status_part(PageContext& ctx, std::int64_t now);

// Sets the parts `view` replaces: the body (and for the slave status, the title).
void add_view_parts(PageContext& ctx, View view, const ViewNode& node,
                    const std::vector<std::string>& open, std::int64_t now,
                    std::map<std::string, std::string, std::less<>>& parts);

}  // namespace smokeping::web::detail
