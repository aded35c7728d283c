#include "src/config/detail/build_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "smokeping/config/value_check.hpp"

namespace smokeping::config::detail {

namespace {

// The colours the original uses when Presentation has no multihost colours.
constexpr const char* kMultihostColors =
    "004586 ff420e ffde20 579d1c 7e0021 83caff 314004 aecf00 4b1f6f ff950e c5000b 0084d1";

std::string text(const RawSection* s, std::string_view key, std::string fallback = {}) {
  if (!s) return fallback;
  const std::string* v = s->get(key);
  return v ? *v : fallback;
}

bool yes(const RawSection* s, std::string_view key, bool fallback) {
  if (!s) return fallback;
  const std::string* v = s->get(key);
  return v ? *v == "yes" : fallback;
}

// A Perl number as a long, clamped: the grammar accepts `1e30` or `inf` where it wants an
// integer, and a cast of those would be undefined.
long clamp_long(double n) {
  constexpr double kMax = 1e15;
  if (std::isnan(n)) return 0;
  return static_cast<long>(std::clamp(n, -kMax, kMax));
}

int clamp_int(double n) {
  return static_cast<int>(std::clamp<long>(clamp_long(n), std::numeric_limits<int>::min(),
                                           std::numeric_limits<int>::max()));
}

long integer(const RawSection* s, std::string_view key, long fallback) {
  const std::string* v = s ? s->get(key) : nullptr;
  return v ? clamp_long(perl_number(*v)) : fallback;
}

// A comma or whitespace list where the original's truth test (`if ($value)`) makes an empty
// value or "0" mean "none".
bool perl_true(const std::string& value) { return !value.empty() && value != "0"; }

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

// Perl's split(/\s*,\s*/): empty trailing fields are dropped.
std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    std::string_view item =
        s.substr(start, comma == std::string_view::npos ? s.npos : comma - start);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front())))
      item.remove_prefix(1);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back())))
      item.remove_suffix(1);
    out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::optional<int> offset_percent(const std::string& offset) {
  if (offset.empty() || offset == "random") return std::nullopt;
  return clamp_int(perl_number(offset));
}

// The octal digits of `precreateperms`, capped at 07777.
unsigned octal_perms(const std::string& digits) {
  unsigned value = 0;
  for (char c : digits) {
    value = std::min(value * 8 + static_cast<unsigned>(c - '0'), 07777u);
  }
  return value;
}

General build_general(const RawSection* s) {
  General g;
  g.owner = text(s, "owner");
  g.contact = text(s, "contact");
  g.imgcache = text(s, "imgcache");
  g.imgurl = text(s, "imgurl");
  g.datadir = text(s, "datadir");
  g.dyndir = text(s, "dyndir", g.datadir);
  g.pagedir = text(s, "pagedir");
  g.piddir = text(s, "piddir");
  g.smokemail = text(s, "smokemail");
  g.tmail = text(s, "tmail");
  g.sendmail = text(s, "sendmail");
  g.cgiurl = text(s, "cgiurl");
  g.mailhost = text(s, "mailhost");
  g.mailuser = text(s, "mailuser");
  g.mailpass = text(s, "mailpass");
  g.snpphost = text(s, "snpphost");
  g.display_name = text(s, "display_name");
  g.syslogfacility = text(s, "syslogfacility");
  g.syslogpriority = text(s, "syslogpriority", "info");
  g.offset_percent = offset_percent(text(s, "offset", "random"));
  g.concurrentprobes = text(s, "concurrentprobes", "yes") != "no";
  g.changeprocessnames = yes(s, "changeprocessnames", true);
  g.changecgiprogramname = yes(s, "changecgiprogramname", true);
  g.linkstyle = text(s, "linkstyle", "relative");
  if (const std::string* perms = s ? s->get("precreateperms") : nullptr) {
    g.precreateperms = octal_perms(*perms);
  }
  return g;
}

Database build_database(const RawSection* s) {
  Database d;
  d.step = integer(s, "step", 300);
  d.pings = clamp_int(integer(s, "pings", 20));
  if (s) {
    for (const auto& row : s->table()) {
      d.rras.push_back(Rra{row.cells[0], perl_number(row.cells[1]),
                           clamp_long(perl_number(row.cells[2])),
                           clamp_long(perl_number(row.cells[3]))});
    }
  }
  return d;
}

std::vector<ColorRow> color_rows(const RawSection* s) {
  std::vector<ColorRow> rows;
  if (!s) return rows;
  for (const auto& row : s->table())
    rows.push_back({perl_number(row.cells[0]), row.cells[1], row.cells[2]});
  return rows;
}

Presentation build_presentation(const RawSection* s) {
  Presentation p;
  p.template_path = text(s, "template");
  p.charset = text(s, "charset", "utf-8");
  p.htmltitle = yes(s, "htmltitle", false);
  p.graphborders = yes(s, "graphborders", true);
  p.literalsearch = yes(s, "literalsearch", false);
  p.colortext = text(s, "colortext");
  p.colorbackground = text(s, "colorbackground");
  p.colorborder = text(s, "colorborder");
  if (!s) return p;

  if (const RawSection* o = s->child("overview")) {
    p.overview.width = clamp_int(integer(o, "width", 600));
    p.overview.height = clamp_int(integer(o, "height", 50));
    p.overview.range = text(o, "range", "12h");
    p.overview.max_rtt = text(o, "max_rtt");
    p.overview.median_color = text(o, "median_color");
    p.overview.strftime = text(o, "strftime");
  }
  if (const RawSection* d = s->child("detail")) {
    p.detail.width = clamp_int(integer(d, "width", 600));
    p.detail.height = clamp_int(integer(d, "height", 200));
    p.detail.loss_background = yes(d, "loss_background", false);
    p.detail.logarithmic = yes(d, "logarithmic", false);
    if (const std::string* t = d->get("unison_tolerance"))
      p.detail.unison_tolerance = perl_number(*t);
    p.detail.max_rtt = text(d, "max_rtt");
    p.detail.strftime = text(d, "strftime");
    p.detail.nodata_color = text(d, "nodata_color");
    for (const auto& row : d->table()) {
      p.detail.spans.push_back(GraphSpan{row.cells[0], row.cells[1], span_seconds(row.cells[1])});
    }
    p.detail.loss_colors = color_rows(d->child("loss_colors"));
    p.detail.uptime_colors = color_rows(d->child("uptime_colors"));
  }
  if (const RawSection* c = s->child("charts")) {
    Charts charts{text(c, "menu"), text(c, "title"), {}};
    for (const auto& chart : c->children()) {
      charts.charts.push_back(Chart{chart->name(), text(chart.get(), "menu"),
                                    text(chart.get(), "title"), text(chart.get(), "format"),
                                    CallSpec{text(chart.get(), "sorter"), {}}});
    }
    p.charts = std::move(charts);
  }
  const RawSection* m = s->child("multihost");
  p.multihost_colors = split_words(text(m, "colors", kMultihostColors));
  if (p.multihost_colors.empty()) p.multihost_colors = split_words(kMultihostColors);
  if (const RawSection* h = s->child("hierarchies")) {
    for (const auto& one : h->children())
      p.hierarchies.push_back({one->name(), text(one.get(), "title")});
  }
  return p;
}

ProbeInstance build_probe(const RawSection& section, const ProbeModuleSpec* module,
                          const Config& config) {
  ProbeInstance probe;
  probe.name = section.name();
  probe.module = module;
  for (const auto& [key, value] : section.vars()) probe.vars[key] = value.text;
  const std::string* step = probe.var("step");
  // Per-probe steps only apply when probes run concurrently (config.md §3.4).
  probe.step = step && config.general.concurrentprobes ? clamp_long(perl_number(*step))
                                                       : config.database.step;
  const std::string* pings = probe.var("pings");
  probe.pings = pings ? clamp_int(perl_number(*pings)) : config.database.pings;
  // Like `step`, a probe's own offset only counts when probes run concurrently.
  const std::string* offset = probe.var("offset");
  probe.offset_percent = offset && config.general.concurrentprobes ? offset_percent(*offset)
                                                                   : config.general.offset_percent;
  return probe;
}

std::vector<ProbeInstance> build_probes(const RawSection* s, const Config& config) {
  std::vector<ProbeInstance> probes;
  if (!s) return probes;
  for (const auto& module_section : s->children()) {
    const ProbeModuleSpec* module = find_probe_module(module_section->name());
    if (module_section->children().empty()) {
      probes.push_back(build_probe(*module_section, module, config));
    }
    for (const auto& instance : module_section->children()) {
      probes.push_back(build_probe(*instance, module, config));
    }
  }
  return probes;
}

std::optional<Slaves> build_slaves(const RawSection* s) {
  if (!s) return std::nullopt;
  Slaves slaves{text(s, "secrets"), {}};
  for (const auto& one : s->children()) {
    Slave slave{one->name(),
                text(one.get(), "display_name"),
                text(one.get(), "location"),
                text(one.get(), "color"),
                {}};
    if (const RawSection* o = one->child("override")) {
      for (const auto& [key, value] : o->vars()) slave.overrides.emplace_back(key, value.text);
    }
    slaves.slaves.push_back(std::move(slave));
  }
  return slaves;
}

AlertType alert_type(const std::string& t) {
  if (t == "rtt") return AlertType::rtt;
  if (t == "matcher") return AlertType::matcher;
  return AlertType::loss;
}

std::optional<Alerts> build_alerts(const RawSection* s) {
  if (!s) return std::nullopt;
  Alerts alerts{
      text(s, "to"), text(s, "from"), text(s, "mailtemplate"), yes(s, "edgetrigger", false), {}};
  for (const auto& one : s->children()) {
    Alert a;
    a.name = one->name();
    a.comment = text(one.get(), "comment");
    a.to = text(one.get(), "to");
    a.mailtemplate = text(one.get(), "mailtemplate");
    a.pattern = text(one.get(), "pattern");
    a.type = alert_type(text(one.get(), "type"));
    a.edgetrigger = yes(one.get(), "edgetrigger", false);
    if (const std::string* p = one->get("priority")) a.priority = clamp_int(perl_number(*p));
    alerts.alerts.push_back(std::move(a));
  }
  return alerts;
}

std::optional<InfluxDb> build_influxdb(const RawSection* s) {
  if (!s) return std::nullopt;
  return InfluxDb{text(s, "host"),
                  text(s, "database"),
                  text(s, "username"),
                  text(s, "password"),
                  clamp_int(integer(s, "port", 8086)),
                  clamp_int(integer(s, "timeout", 15))};
}

void build_node(const RawSection& s, TargetNode& node, const Config& config) {
  node.loc = s.loc();
  node.host = text(&s, "host");
  if (node.host.empty() && !s.find("host")) {
    node.kind = TargetNode::Kind::group;
  } else if (node.host.starts_with('/')) {
    node.kind = TargetNode::Kind::multihost;
  } else if (node.host.starts_with("DYNAMIC")) {
    node.kind = TargetNode::Kind::dynamic;
  } else {
    node.kind = TargetNode::Kind::host;
  }
  // Perl's `||=`: an empty or "0" menu falls back too.
  auto fallback = [&](const char* key) {
    std::string v = text(&s, key);
    if (!v.empty() && v != "0") return v;
    return !node.host.empty() && node.host != "0" ? node.host : std::string("unknown");
  };
  node.menu = fallback("menu");
  node.title = fallback("title");
  node.remark = text(&s, "remark");
  node.menuextra = text(&s, "menuextra");
  node.email = text(&s, "email");
  node.rawlog = text(&s, "rawlog");
  node.alertee = text(&s, "alertee");
  node.hide = yes(&s, "hide", false);
  node.nomasterpoll = yes(&s, "nomasterpoll", false);
  if (std::string slaves = text(&s, "slaves"); perl_true(slaves)) node.slaves = split_words(slaves);
  if (std::string alerts = text(&s, "alerts"); perl_true(alerts))
    node.alerts = split_commas(alerts);
  for (const auto& entry : split_words(text(&s, "parents"))) {
    size_t colon = entry.find(':');
    node.parents.emplace_back(entry.substr(0, colon),
                              colon == std::string::npos ? "" : entry.substr(colon + 1));
  }

  for (const auto& [key, value] : s.vars()) {
    constexpr std::string_view kInflux = "influx_";
    if (value.origin != RawValue::Origin::set || value.text.empty()) continue;
    if (key.size() > kInflux.size() && key.starts_with(kInflux)) {
      node.influx_tags.emplace_back(key.substr(kInflux.size()), value.text);
    }
  }
  std::sort(node.influx_tags.begin(), node.influx_tags.end());

  node.probe = config.find_probe(text(&s, "probe"));
  if (node.probe) {
    node.step = node.probe->step;
    node.pings = node.probe->pings;
    for (const auto& spec : node.probe->module->vars) {
      if (spec.kind != ProbeVarKind::target) continue;
      std::string name(spec.name);
      if (const std::string* own = s.get(name)) {
        node.probe_vars[name] = *own;
      } else if (const std::string* from_probe = node.probe->var(name)) {
        node.probe_vars[name] = *from_probe;
      }
    }
    // Fork probes read `pings` from the node, even one inherited under another probe (§6.4).
    if (node.probe->module->family == ProbeFamily::forked) {
      if (const std::string* pings = s.get("pings")) {
        node.pings = clamp_int(perl_number(*pings));
      } else if (auto it = node.probe_vars.find("pings"); it != node.probe_vars.end()) {
        node.pings = clamp_int(perl_number(it->second));
      }
    }
  }

  node.children.reserve(s.children().size());
  for (const auto& child_section : s.children()) {
    TargetNode child;
    child.name = child_section->name();
    child.path = node.path;
    child.path.push_back(child.name);
    build_node(*child_section, child, config);
    node.children.push_back(std::move(child));
  }
}

}  // namespace

std::chrono::seconds span_seconds(std::string_view span) {
  if (span.empty()) return std::chrono::seconds(0);
  long n = clamp_long(perl_number(span));
  switch (span.back()) {
    case 'm':
      return std::chrono::seconds(n * 60);
    case 'h':
      return std::chrono::seconds(n * 3600);
    case 'd':
      return std::chrono::seconds(n * 86400);
    case 'w':
      return std::chrono::seconds(n * 604800);
    case 'y':
      return std::chrono::seconds(n * 31536000);
    default:
      return std::chrono::seconds(n);
  }
}

void build_model(Config& config) {
  const RawSection& raw = *config.raw;
  config.general = build_general(raw.child("General"));
  config.database = build_database(raw.child("Database"));
  config.presentation = build_presentation(raw.child("Presentation"));
  config.probes = build_probes(raw.child("Probes"), config);
  config.slaves = build_slaves(raw.child("Slaves"));
  config.alerts = build_alerts(raw.child("Alerts"));
  config.influxdb = build_influxdb(raw.child("InfluxDB"));
  if (const RawSection* targets = raw.child("Targets"))
    build_node(*targets, config.targets, config);
}

}  // namespace smokeping::config::detail
