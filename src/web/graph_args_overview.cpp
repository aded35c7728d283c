// The overview graph `<name>_mini.png` (web-and-rrd.md §3.2).
#include <fmt/format.h>

#include "smokeping/web/graph_args.hpp"
#include "smokeping/web/graph_time.hpp"
#include "src/web/detail/graph_pieces.hpp"

namespace smokeping::web {

namespace {

struct Line {
  std::string rrd, color, label;
  int pings = 0;
};

// The band colour: the line colour's first six digits with alpha 30.
std::string band_color(const std::string& color) {
  return color.size() >= 6 ? color.substr(0, 6) + "30" : color;
}

void add_line_block(std::vector<std::string>& g, int i, const Line& line, const std::string& max) {
  g.push_back(fmt::format("DEF:median{}={}:median:AVERAGE", i, line.rrd));
  g.push_back(fmt::format("DEF:loss{}={}:loss:AVERAGE", i, line.rrd));
  g.push_back(fmt::format("CDEF:ploss{0}=loss{0},{1},/,100,*", i, line.pings));
  g.push_back(fmt::format("CDEF:dm{0}=median{0},0,{1},LIMIT", i, max));
  for (auto& arg : detail::stddev_args(line.rrd, i, line.pings)) g.push_back(std::move(arg));
  g.push_back(fmt::format("CDEF:dmlow{0}=dm{0},sdev{0},2,/,-", i));
  g.push_back(fmt::format("CDEF:s2d{0}=sdev{0}", i));
  g.push_back(fmt::format("AREA:dmlow{}", i));
  g.push_back(fmt::format("AREA:s2d{}#{}::STACK", i, band_color(line.color)));
  g.push_back(fmt::format("LINE1:dm{}#{}:{}", i, line.color, line.label));
  g.push_back(fmt::format("VDEF:avmed{0}=median{0},AVERAGE", i));
  g.push_back(fmt::format("VDEF:avsd{0}=sdev{0},AVERAGE", i));
  g.push_back(fmt::format("CDEF:msr{0}=median{0},POP,avmed{0},avsd{0},/", i));
  g.push_back(fmt::format("VDEF:avmsr{0}=msr{0},AVERAGE", i));
  g.push_back(fmt::format("GPRINT:avmed{}:%5.1lf %ss av md ", i));
  g.push_back(fmt::format("GPRINT:ploss{}:AVERAGE:%5.1lf %% av ls", i));
  g.push_back(fmt::format("GPRINT:avsd{}:%5.1lf %ss av sd", i));
  g.push_back(fmt::format("GPRINT:avmsr{}:%5.1lf %s am/as\\l", i));
}

// The colours multihost lines take in turn (each goes back to the end of the list).
class ColorWheel {
 public:
  explicit ColorWheel(std::vector<std::string> colors) : colors_(std::move(colors)) {}
  std::string take() {
    if (colors_.empty()) return {};
    std::string c = colors_.front();
    colors_.erase(colors_.begin());
    return c;
  }
  void give_back(std::string c) { colors_.push_back(std::move(c)); }

 private:
  std::vector<std::string> colors_;
};

}  // namespace

std::optional<GraphCall> overview_call(const config::Config& config, const GraphEnv& env,
                                       const config::TargetNode& node) {
  const bool multihost = node.kind == config::TargetNode::Kind::multihost;
  if (!(node.has_host() || multihost) || node.hide || !node.probe) return std::nullopt;
  const bool v290 = env.flavour == GraphFlavour::v2_9_0;

  std::vector<std::string> sources;
  if (!node.nomasterpoll) sources.emplace_back();
  if (multihost) {
    sources = multihost_paths(node);
  } else {
    sources.insert(sources.end(), node.slaves.begin(), node.slaves.end());
  }
  if (sources.empty()) return std::nullopt;

  const config::Overview& ov = config.presentation.overview;
  const std::string max =
      ov.max_rtt.empty() || ov.max_rtt == "0" ? std::string("100000") : ov.max_rtt;
  ColorWheel colors(config.presentation.multihost_colors);
  std::string unit = probe_unit(*node.probe);
  std::string desc = probe_desc(*node.probe);
  const std::string various_units = v290 ? "various units" : "var units";

  std::vector<std::string> g;
  int i = 0;
  for (const std::string& source : sources) {
    ++i;
    Line line;
    line.pings = node.pings;
    if (multihost) {
      line.rrd = config.general.datadir + "/" + source + ".rrd";
      line.color = colors.take();
      MultihostTarget target = multihost_target(config, source);
      if (target.node && target.node->probe) {
        line.pings = target.node->pings;
        line.label = target.node->menu;
        if (std::string d = probe_desc(*target.node->probe); d != desc)
          desc = desc.empty() ? d : "various probes";
        if (std::string u = probe_unit(*target.node->probe); u != unit)
          unit = unit.empty() ? u : various_units;
      }
      if (!target.slave.empty()) line.label += "<" + detail::slave_name(config, target.slave);
      line.label = detail::pad_right(line.label, 20);
      colors.give_back(line.color);
    } else {
      line.rrd = node_rrd(config, node, source);
      line.color = !source.empty()            ? detail::slave_color(config, source)
                   : !ov.median_color.empty() ? ov.median_color
                                              : colors.take();
      if (sources.size() > 1) {
        const std::string who =
            source.empty() ? detail::master_name(config, env) : detail::slave_name(config, source);
        line.label = detail::pad_right("median RTT from " + who, 25);
      } else {
        line.label = "med RTT";
      }
    }
    line.label = detail::escape_colons(line.label);
    add_line_block(g, i, line, max);
  }

  GraphCall call;
  const ImagePlace image = overview_image(config, node, env.format);
  call.args = {image.file,
               "--start",
               "-" + exp2seconds(ov.range, v290),
               "--title",
               config.presentation.htmltitle ? std::string() : node.title,
               "--height",
               std::to_string(ov.height),
               "--width",
               std::to_string(ov.width),
               "--vertical-label",
               unit,
               "--imgformat",
               detail::imgformat_value(env.format)};
  for (auto& arg : detail::color_args(config.presentation, env.flavour)) call.args.push_back(arg);
  call.args.insert(call.args.end(),
                   {"--alt-autoscale-max", "--alt-y-grid", "--rigid", "--lower-limit", "0"});
  call.lines_begin = call.args.size();
  call.args.insert(call.args.end(), g.begin(), g.end());
  call.lines_end = call.args.size();
  const std::string date = graph_date(env.now, ov.strftime);
  if (v290) {
    call.args.push_back("COMMENT:" + desc);
    call.args.push_back("COMMENT:" + date + "\\j");
  } else {
    call.args.push_back("COMMENT:" + date + "\\r");
  }
  return call;
}

}  // namespace smokeping::web
