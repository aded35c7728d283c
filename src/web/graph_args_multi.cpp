// The detail graph of a multihost node (web-and-rrd.md §3.6): one median line with its
// standard deviation band per listed path, like the overview but with the detail's size.
#include <fmt/format.h>

#include "smokeping/web/graph_args.hpp"
#include "smokeping/web/graph_time.hpp"
#include "src/web/detail/graph_pieces.hpp"

namespace smokeping::web {

namespace {

// The original tests `logarithmic` for being set, not for "yes", when it picks the lower
// limit of multihost graphs; the typed config only knows yes/no, so look at the raw tree.
bool logarithmic_is_set(const config::Config& config) {
  if (config.presentation.detail.logarithmic) return true;
  if (!config.raw) return false;
  const config::RawSection* p = config.raw->child("Presentation");
  const config::RawSection* d = p ? p->child("detail") : nullptr;
  const std::string* v = d ? d->get("logarithmic") : nullptr;
  return v && !v->empty() && *v != "0";
}

// "various probes"/"various units" as soon as two listed paths differ.
void merge_word(std::string& kept, const std::string& next, const char* various) {
  if (kept.empty() || kept == next) {
    kept = next;
  } else {
    kept = various;
  }
}

}  // namespace

GraphCall multi_detail_call(const config::Config& config, const GraphEnv& env,
                            const config::TargetNode& node, const MultiRequest& r) {
  const config::Detail& detail = config.presentation.detail;
  std::vector<std::string> colors = config.presentation.multihost_colors;
  std::string desc, unit;
  std::vector<std::string> g;
  const std::vector<std::string> paths = multihost_paths(node);
  for (std::size_t n = 0; n < paths.size(); ++n) {
    const int i = static_cast<int>(n) + 1;
    if (n >= r.sds.size() || !r.sds[n]) continue;  // the original skips unreadable files
    const std::string rrd = multihost_rrd(config, paths[n]);
    std::string color;
    if (!colors.empty()) {
      color = colors.front();
      colors.erase(colors.begin());
      colors.push_back(color);
    }
    const MultihostTarget target = multihost_target(config, paths[n]);
    std::string label = target.node ? target.node->menu : std::string();
    if (!target.slave.empty()) label += "<" + detail::slave_name(config, target.slave);
    int pings = node.pings;
    if (target.node && target.node->probe) {
      merge_word(desc, probe_desc(*target.node->probe), "various probes");
      merge_word(unit, probe_unit(*target.node->probe), "various units");
      pings = target.node->pings;
    }
    label = detail::escape_colons(detail::pad_right(label, 20));
    const std::string band = color.size() >= 6 ? color.substr(0, 6) + "30" : color;

    g.push_back(fmt::format("DEF:median{}={}:median:AVERAGE", i, rrd));
    g.push_back(fmt::format("DEF:loss{}={}:loss:AVERAGE", i, rrd));
    g.push_back(fmt::format("CDEF:ploss{0}=loss{0},{1},/,100,*", i, pings));
    g.push_back(fmt::format("CDEF:dm{0}=median{0},0,{1},LIMIT", i, r.upper.text));
    for (auto& arg : detail::stddev_args(rrd, i, pings)) g.push_back(std::move(arg));
    g.push_back(fmt::format("CDEF:dmlow{0}=dm{0},sdev{0},2,/,-", i));
    g.push_back(fmt::format("CDEF:s2d{0}=sdev{0}", i));
    g.push_back(fmt::format("AREA:dmlow{}", i));
    g.push_back(fmt::format("AREA:s2d{}#{}::STACK", i, band));
    g.push_back(fmt::format("LINE1:dm{}#{}:{}", i, color, label));
    g.push_back(fmt::format("VDEF:avmed{0}=median{0},AVERAGE", i));
    g.push_back(fmt::format("VDEF:avsd{0}=sdev{0},AVERAGE", i));
    g.push_back(fmt::format("CDEF:msr{0}=median{0},POP,avmed{0},avsd{0},/", i));
    g.push_back(fmt::format("VDEF:avmsr{0}=msr{0},AVERAGE", i));
    g.push_back(fmt::format("GPRINT:avmed{}:%5.1lf %ss av md ", i));
    g.push_back(fmt::format("GPRINT:ploss{}:AVERAGE:%5.1lf %% av ls", i));
    g.push_back(fmt::format("COMMENT:{:5.1f} ms sd", *r.sds[n] * 1000.0));
    g.push_back(fmt::format("GPRINT:avmsr{}:%5.1lf %s am/as\\l", i));
  }

  GraphCall call;
  auto& a = call.args;
  if (detail.logarithmic) a.push_back("--logarithmic");
  if (r.lazy) a.push_back("--lazy");
  call.file_index = a.size();
  a.push_back(r.file);
  a.insert(a.end(), {"--start", r.start});
  if (!r.end.empty()) a.insert(a.end(), {"--end", r.end});
  const std::string lower =
      logarithmic_is_set(config) ? (r.upper.value > 0.01 ? "0.001" : "0.0001") : "0";
  a.insert(a.end(),
           {"--height", std::to_string(detail.height), "--width", std::to_string(detail.width),
            "--title", config.presentation.htmltitle ? std::string() : r.desc, "--rigid",
            "--upper-limit", r.upper.text, "--lower-limit", lower, "--vertical-label", unit,
            "--imgformat", detail::imgformat_value(env.format)});
  for (auto& arg : detail::color_args(config.presentation, env.flavour)) a.push_back(arg);
  a.insert(a.end(), g.begin(), g.end());
  a.push_back("COMMENT:" + desc);
  const std::string date = graph_date(r.date, detail.strftime);
  a.push_back(env.flavour == GraphFlavour::v2_9_0 ? "COMMENT:" + date + "\\j"
                                                  : "COMMENT:end\\: " + date + "\\j");
  return call;
}

}  // namespace smokeping::web
