// Private to web/: the pieces several graph argument lists share (web-and-rrd.md §3.1-§3.4).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/web/graphs.hpp"

namespace smokeping::web::detail {

// "png"/"svg" and the --imgformat value "PNG"/"SVG".
std::string image_extension(ImageFormat format);
std::string imgformat_value(ImageFormat format);

// Smokeping::Graphs::get_colors: --border/--color options from Presentation.
std::vector<std::string> color_args(const config::Presentation& presentation, GraphFlavour flavour);

// The pin/p/pings/m/sdev CDEFs of line `id` (the overview's standard deviation band, §3.2).
std::vector<std::string> stddev_args(const std::string& rrd, int id, int pings);

// The smoke of a detail graph: pairs of pings from the outside in (§3.4).
std::vector<std::string> smoke_args(int pings);

// One row of a colour table (loss or uptime): the key as the original writes it into CDEF
// names and RPN ("10", "1e100"), its numeric value, "#rrggbb" and the legend.
struct ColorKey {
  std::string key;
  double value = 0;
  std::string color;
  std::string legend;
};
// Presentation/detail/loss_colors or the version's default for `pings`, sorted by value.
std::vector<ColorKey> loss_colors(const config::Detail& detail, int pings, GraphFlavour flavour);
// Presentation/detail/uptime_colors or the default, sorted by value.
std::vector<ColorKey> uptime_colors(const config::Detail& detail);
// The loss background's lighter colour: L' = L + (1 - L) * 2/3 in HSL.
std::string pastel_color(std::string_view web);

// Every ':' written "\:" (rrdtool's escape in COMMENTs and legends).
std::string escape_colons(std::string_view text);
// sprintf("%-<width>s", text).
std::string pad_right(std::string_view text, std::size_t width);

// The name a graph gives the master: General display_name, else the host name.
std::string master_name(const config::Config& config, const GraphEnv& env);
// The slave's display_name ("" when it has none or is not defined).
std::string slave_name(const config::Config& config, std::string_view slave);
// A slave's colour (the overview line), "" when not defined.
std::string slave_color(const config::Config& config, std::string_view slave);

// The node's parent names joined with `separator`: "Europe" for Europe/Zurich.
std::string parent_dirs(const config::TargetNode& node, char separator);

// The pings and step a node's graphs use; 0 when it has no probe.
int node_pings(const config::TargetNode& node);

}  // namespace smokeping::web::detail
