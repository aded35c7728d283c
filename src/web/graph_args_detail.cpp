// The detail graph of one host (web-and-rrd.md §3.4, slaves §3.5): smoke, the median coloured
// by loss, the loss or uptime background, legends and the probe/end comments.
#include <fmt/format.h>

#include "smokeping/web/graph_args.hpp"
#include "smokeping/web/graph_time.hpp"
#include "src/web/detail/graph_pieces.hpp"

namespace smokeping::web {

namespace {

void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

std::string key_name(const std::string& key) {
  std::string out = key;
  for (char& c : out)
    if (c == '.') c = 'd';
  return out;
}

struct LossParts {
  std::vector<std::string> median_tail, background, background_smoke;
};

// The loss-coloured median band and, with loss_background, the pastel background (§3.4).
LossParts loss_parts(const config::Config& config, const GraphEnv& env, int pings,
                     const std::string& swidth) {
  const config::Detail& detail = config.presentation.detail;
  LossParts parts;
  std::string last = "-1";
  for (const auto& k : detail::loss_colors(detail, pings, env.flavour)) {
    const bool skip = env.flavour == GraphFlavour::v2_9_0 ? k.value > pings : k.value >= pings;
    if (skip) continue;
    const std::string v = key_name(k.key);
    const std::string in_bracket = fmt::format("loss,{},GT,loss,{},LE,*", last, k.key);
    parts.median_tail.push_back(fmt::format("CDEF:me{}={},1,UNKN,IF,median,*", v, in_bracket));
    parts.median_tail.push_back(fmt::format("CDEF:meL{0}=me{0},{1},-", v, swidth));
    parts.median_tail.push_back(fmt::format("CDEF:meH{0}=me{0},0,*,{1},2,*,+", v, swidth));
    parts.median_tail.push_back(fmt::format("AREA:meL{}", v));
    parts.median_tail.push_back(fmt::format("STACK:meH{}{}:{}", v, k.color, k.legend));
    if (detail.loss_background) {
      const std::string pastel = k.value == 0 ? std::string() : detail::pastel_color(k.color);
      parts.background.push_back(fmt::format("CDEF:lossbg{}={},INF,UNKN,IF", v, in_bracket));
      parts.background.push_back(fmt::format("AREA:lossbg{}{}", v, pastel));
      parts.background_smoke.push_back(fmt::format("CDEF:lossbgs{}={},cp2,UNKN,IF", v, in_bracket));
      parts.background_smoke.push_back(fmt::format("AREA:lossbgs{}{}", v, pastel));
    }
    last = k.key;
  }
  return parts;
}

struct UptimeParts {
  std::vector<std::string> background, smoke;
};

// "Link Up" of a DYNAMIC host (§3.4): the uptime DS as background colours.
UptimeParts uptime_parts(const config::Config& config, const std::string& rrd) {
  UptimeParts parts;
  parts.background = {"COMMENT:Link Up\\:     ", "DEF:uptime=" + rrd + ":uptime:AVERAGE",
                      "CDEF:duptime=uptime,86400,/", "GPRINT:duptime:LAST: %0.1lf days  ("};
  std::string last = "0";
  for (const auto& k : detail::uptime_colors(config.presentation.detail)) {
    const std::string range = fmt::format("uptime,{},GE,uptime,{},LE,*", last, k.key);
    parts.background.push_back(fmt::format("CDEF:up{}={},INF,UNKN,IF", k.key, range));
    parts.background.push_back(fmt::format("AREA:up{}{}:{}", k.key, k.color, k.legend));
    parts.smoke.push_back(fmt::format("CDEF:ups{}={},cp2,UNKN,IF", k.key, range));
    parts.smoke.push_back(fmt::format("AREA:ups{}{}", k.key, k.color));
    last = k.key;
  }
  parts.background.push_back("COMMENT:)\\l");
  return parts;
}

std::vector<std::string> median_head(const std::string& rrd, int pings, double sd) {
  const std::string sd_text = perl_number_text(sd);
  return {"DEF:median=" + rrd + ":median:AVERAGE",
          fmt::format("CDEF:ploss=loss,{},/,100,*", pings),
          "VDEF:avmed=median,AVERAGE",
          fmt::format("CDEF:mesd=median,POP,avmed,{},/", sd_text),
          "GPRINT:avmed:median rtt\\:  %.1lf %ss avg",
          "GPRINT:median:MAX:%.1lf %ss max",
          "GPRINT:median:MIN:%.1lf %ss min",
          "GPRINT:median:LAST:%.1lf %ss now",
          fmt::format("COMMENT:{:.1f} ms sd", sd * 1000.0),
          "GPRINT:mesd:AVERAGE:%.1lf %s am/s\\l",
          "LINE1:median#202020",
          "GPRINT:ploss:AVERAGE:packet loss\\: %.2lf %% avg",
          "GPRINT:ploss:MAX:%.2lf %% max",
          "GPRINT:ploss:MIN:%.2lf %% min",
          "GPRINT:ploss:LAST:%.2lf %% now\\l",
          "COMMENT:loss color\\:"};
}

}  // namespace

GraphCall detail_call(const config::Config& config, const GraphEnv& env,
                      const config::TargetNode& node, const DetailRequest& r) {
  const config::Detail& detail = config.presentation.detail;
  const bool v290 = env.flavour == GraphFlavour::v2_9_0;
  const int pings = node.pings;
  const std::string rrd = node_rrd(config, node, r.slave);
  // Classic graphs of a slave still take the uptime from the master's file.
  const std::string uptime_rrd = r.mode == DetailMode::classic ? node_rrd(config, node) : rrd;
  const std::string upper = r.upper.text;

  std::string title;
  if (!config.presentation.htmltitle) {
    const bool slave_file = r.mode == DetailMode::classic && !r.slave.empty();
    title = r.desc + " from " +
            (slave_file ? detail::slave_name(config, r.slave) : detail::master_name(config, env));
    if (v290) title += " to " + node.title;
  }

  GraphCall call;
  auto& a = call.args;
  a.push_back(r.file);
  if (r.lazy) a.push_back("--lazy");
  a.insert(a.end(), {"--start", r.start});
  if (!r.end.empty()) a.insert(a.end(), {"--end", r.end});
  a.insert(a.end(),
           {"--height", std::to_string(detail.height), "--width", std::to_string(detail.width),
            "--title", title, "--rigid", "--upper-limit", upper});
  std::string lower = "0";
  if (detail.logarithmic) {
    a.push_back("--logarithmic");
    lower = r.upper.value > 0.01 ? "0.001" : "0.0001";
  }
  a.insert(a.end(), {"--lower-limit", lower, "--vertical-label",
                     node.probe ? probe_unit(*node.probe) : std::string(), "--imgformat",
                     detail::imgformat_value(env.format)});
  append(a, detail::color_args(config.presentation, env.flavour));
  for (int p = 1; p <= pings; ++p)
    a.push_back(fmt::format("DEF:ping{0}={1}:ping{0}:AVERAGE", p, rrd));
  for (int p = 1; p <= pings; ++p)
    a.push_back(fmt::format("CDEF:cp{0}=ping{0},{1},LT,ping{0},INF,IF", p, upper));
  a.push_back("DEF:loss=" + rrd + ":loss:AVERAGE");

  const std::string swidth = perl_number_text(r.upper.value / detail.height);
  const LossParts loss = loss_parts(config, env, pings, swidth);
  UptimeParts uptime;
  if (!detail.loss_background && r.has_adr) uptime = uptime_parts(config, uptime_rrd);

  append(a, uptime.background);
  append(a, loss.background);
  append(a, detail::smoke_args(pings));
  append(a, uptime.smoke);
  append(a, loss.background_smoke);
  append(a, median_head(rrd, pings, r.sd));
  append(a, loss.median_tail);
  a.push_back("COMMENT: \\l");
  if (!detail.nodata_color.empty() && detail.nodata_color != "0") {
    a.push_back("CDEF:nodata=loss,UN,INF,UNKN,IF");
    a.push_back("AREA:nodata#" + detail.nodata_color);
  }
  a.push_back("HRULE:0#000000");
  const std::string desc = node.probe ? detail::escape_colons(probe_desc(*node.probe)) : "";
  const long step = node.probe ? node.probe->step : node.step;
  a.push_back(fmt::format("COMMENT:probe\\:       {} {} every {}s", pings, desc, step));
  const std::string date = graph_date(r.date, detail.strftime);
  a.push_back(v290 ? "COMMENT:" + date + "\\j" : "COMMENT:end\\: " + date + "\\j");
  return call;
}

}  // namespace smokeping::web
