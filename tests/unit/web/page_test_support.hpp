// Test support for the pages: the reference site of shared/reference/web (its config, with
// @WORK@ pointing at a temporary directory), a fake PageGraphs that names images the way the
// original does (and can be told to fail), requests as the reference run made them, and a
// small HTML reader that turns a page into the list of elements the structure tests compare.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cctype>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "smokeping/config/load.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/web/cgi_log.hpp"
#include "smokeping/web/page_graphs.hpp"
#include "smokeping/web/page_input.hpp"
#include "smokeping/web/pages.hpp"
#include "tests/support/shared_files.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::web::test {

inline std::string reference_dir() { return smokeping::test::shared_dir() + "/reference/web"; }

// The reference pages' `now`: 2026-11-25 17:23:23 UTC (root.txt's Date header).
constexpr std::int64_t kReferenceNow = 1795627403;

inline std::string utc_text(std::int64_t when, const char* format) {
  std::time_t t = static_cast<std::time_t>(when);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

// Names images as the original does (§2.6, §2.7, §2.10) with the sizes the reference pages
// show; dates in UTC, as the reference run used TZ=UTC.
class FakeGraphs : public PageGraphs {
 public:
  FakeGraphs(const config::Config& config, std::int64_t now) : config_(config), now_(now) {}

  std::set<std::string> failing;   // rel_paths whose graphs fail
  std::vector<std::string> calls;  // "overview Europe/Zurich", "navigator Europe/Zurich~boomer"

  std::optional<GraphImage> overview(const config::TargetNode& node) override {
    calls.push_back("overview " + node.rel_path());
    int lines = static_cast<int>(node.slaves.size()) + (node.nomasterpoll ? 0 : 1);
    if (node.kind == config::TargetNode::Kind::multihost) lines = count_words(node.host);
    if (node.hide || lines == 0) return std::nullopt;
    return image(node, node.name + "_mini.png", 697, 119 + 14 * (lines - 1));
  }

  std::vector<DetailPanel> detail(const config::TargetNode& node) override {
    calls.push_back("detail " + node.rel_path());
    std::vector<DetailPanel> panels;
    std::vector<std::string> who = {""};
    if (node.nomasterpoll) who.clear();
    if (node.kind != config::TargetNode::Kind::multihost)
      who.insert(who.end(), node.slaves.begin(), node.slaves.end());
    for (const auto& span : config_.presentation.detail.spans) {
      for (const auto& slave : who) {
        DetailPanel panel;
        panel.desc = span.label;
        panel.slave = slave;
        if (node.kind != config::TargetNode::Kind::multihost)
          panel.who = slave.empty() ? config_.general.display_name
                                    : config_.slaves->find(slave)->display_name;
        panel.seconds = std::to_string(span.seconds.count());
        panel.start_text = utc_text(now_ - span.seconds.count(), "%Y-%m-%d %H:%M");
        const std::string suffix = slave.empty() ? "" : "~" + slave;
        panel.image = image(node, node.name + suffix + "_last_" + panel.seconds + ".png", 697, 297);
        panels.push_back(panel);
        if (!panels.back().image.ok()) return panels;
      }
    }
    return panels;
  }

  RangeGraph navigator(const config::TargetNode& node, std::string_view slave,
                       std::string_view start, std::string_view end,
                       std::string_view title) override {
    calls.push_back("navigator " + node.rel_path() + (slave.empty() ? "" : "~") +
                    std::string(slave));
    RangeGraph graph;
    if (start == "garbage") {
      graph.input_error = "start time: unparsable time: garbage";
      return graph;
    }
    graph.desc = !title.empty() ? std::string(title) : "Navigator Graph";
    if (!slave.empty() && title.empty())
      graph.desc += " as seen from " + config_.slaves->find(std::string(slave))->display_name;
    graph.epoch_start = parse_time(start);
    graph.epoch_end = parse_time(end);
    graph.start_text = text_of(graph.epoch_start);
    graph.end_text = text_of(graph.epoch_end);
    graph.image.url = config_.general.imgurl + "/__navcache/" + std::to_string(now_) + "4242_" +
                      graph.epoch_end + "_" + graph.epoch_start + ".png";
    graph.image.width = 697;
    graph.image.height = 297;
    if (failing.count(node.rel_path())) fail(graph.image);
    return graph;
  }

  RangeGraph ajax(const config::TargetNode& node, std::string_view slave, std::string_view start,
                  std::string_view end, std::string_view title) override {
    RangeGraph graph = navigator(node, slave, start, end, title);
    calls.back().replace(0, 9, "ajax");
    graph.bytes = "\x89PNG fake image";
    graph.content_type = "image/png";
    return graph;
  }

  RangeGraph chart(const config::TargetNode& node) override {
    calls.push_back("chart " + node.rel_path());
    RangeGraph graph;
    std::string dotted;
    for (const auto& part : node.path) dotted += (dotted.empty() ? "" : ".") + part;
    graph.desc = node.rel_path();
    graph.image.url = config_.general.imgurl + "/__chartscache/" + dotted + "_last_3600.png";
    graph.image.width = 697;
    graph.image.height = 297;
    if (failing.count(node.rel_path())) fail(graph.image);
    return graph;
  }

 private:
  static int count_words(const std::string& text) {
    int n = 0;
    bool in_word = false;
    for (char c : text) {
      bool blank = std::isspace(static_cast<unsigned char>(c)) != 0;
      if (!blank && !in_word) ++n;
      in_word = !blank;
    }
    return n;
  }

  static void fail(GraphImage& image) {
    image.error = "opening '" + image.url + "': No such file or directory";
    image.args = {image.url, "--start", "-10800", "DEF:median=x.rrd:median:AVERAGE"};
  }

  GraphImage image(const config::TargetNode& node, const std::string& file, int w, int h) {
    GraphImage out;
    std::string dirs;
    for (std::size_t i = 0; i + 1 < node.path.size(); ++i) dirs += "/" + node.path[i];
    out.url = config_.general.imgurl + dirs + "/" + file;
    out.file = config_.general.imgcache + dirs + "/" + file;
    out.width = w;
    out.height = h;
    if (failing.count(node.rel_path())) fail(out);
    return out;
  }

  // The original's parse_datetime, as far as the reference requests need it (UTC).
  std::string parse_time(std::string_view text) const {
    std::string t(text);
    if (t.empty() || t == "now") return std::to_string(now_);
    if (t.find_first_not_of("0123456789") == std::string::npos) return t;
    std::tm tm{};
    if (::strptime(t.c_str(), "%Y-%m-%d %H:%M", &tm)) return std::to_string(::timegm(&tm));
    return t;
  }

  static std::string text_of(const std::string& epoch) {
    if (epoch.find_first_not_of("0123456789") != std::string::npos) return epoch;
    return utc_text(std::stoll(epoch), "%Y-%m-%d %H:%M");
  }

  const config::Config& config_;
  std::int64_t now_;
};

// The reference data set's config in a temporary directory, with a template that holds the
// same parts as the Debian one around the placeholders the structure tests compare.
class ReferenceSite {
 public:
  explicit ReferenceSite(const std::string& config_name = "smokeping-config.txt") {
    std::optional<std::string> text =
        smokeping::test::read_file(reference_dir() + "/" + config_name);
    if (!text) return;
    std::string config = *text;
    for (std::size_t at = config.find("@WORK@"); at != std::string::npos;
         at = config.find("@WORK@", at)) {
      config.replace(at, 6, dir_.root());
    }
    dir_.write("etc/basepage.html", kTemplate);
    dir_.write("etc/smokemail", "Subject: x\n\nx\n");
    dir_.write("etc/smokeping_secrets", "boomer:x\nslave2:y\n");
    ::chmod(dir_.path("etc/smokeping_secrets").c_str(), 0600);
    const std::string file = dir_.write("etc/config", config);
    config_ = smokeping::test::load(file);
    // The RRD files exist (empty: the fake graphs do not read them; the pages only check
    // that they are there when a graph fails).
    for (const char* rrd : {"Europe/Zurich", "Europe/Zurich~boomer", "Europe/Zurich~slave2",
                            "Europe/Home", "Europe/London", "America/NewYork", "America/Lossy"})
      dir_.write(std::string("data/") + rrd + ".rrd", "");
  }

  static constexpr const char* kTemplate =
      "<title><##title##></title>\n<div class=\"sidebar-menu\">\n<##menu##>\n</div>\n"
      "<div class=\"main\"><h1><##title##></h1><h2><##remark##></h2>\n"
      "<div class=\"overview\"><##overview##></div>\n<div class=\"details\"><##body##></div>\n"
      "</div>\n<hr>\n<p><##smokeping##> <##author##> <##step##> <##authuser##> <##owner##> "
      "<##contact##> <##rrdlogo##> <##smokelogo##> <##target_ip##> <##unknown##></p>\n";

  bool ok() const { return config_ != nullptr; }
  const config::Config& config() const { return *config_; }
  smokeping::test::TempConfig& dir() { return dir_; }

 private:
  smokeping::test::TempConfig dir_;
  std::shared_ptr<const config::Config> config_;
};

// A GET request as the reference run made them (plain CGI, relative links).
inline Request reference_request(const std::string& query) {
  Request r;
  r.env = {{"REQUEST_METHOD", "GET"},
           {"QUERY_STRING", query},
           {"SCRIPT_NAME", "/cgi-bin/smokeping.cgi"},
           {"REQUEST_URI", "/cgi-bin/smokeping.cgi" + (query.empty() ? "" : "?" + query)},
           {"REMOTE_ADDR", "127.0.0.1"},
           {"SERVER_SOFTWARE", "test"}};
  return r;
}

inline protocol::FormFields form_of(const Request& request) {
  protocol::CgiRequest cgi{request.var("REQUEST_METHOD"), request.var("CONTENT_TYPE"),
                           request.var("QUERY_STRING"), request.body};
  return protocol::decode_form(cgi, 1 << 20).form;
}

// Serves one page with the fake graphs, collecting the log lines.
struct Served {
  Response response;
  std::vector<std::string> log;
  std::string log_text() const {
    std::string all;
    for (const auto& l : log) all += l;
    return all;
  }
};

inline Served serve(const config::Config& config, FakeGraphs& graphs, const Request& request,
                    std::int64_t now = kReferenceNow) {
  Served served;
  CgiLog log([&](std::string_view line) { served.log.emplace_back(line); });
  auto logger = log.for_client("127.0.0.1");
  protocol::FormFields form = form_of(request);
  PageInput input{config, request, form, now};
  served.response = serve_page(input, graphs, *logger);
  return served;
}

// ---- the HTML structure ----

inline std::string decode_entities(std::string_view text) {
  static const std::map<std::string, std::string> kEntities = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"#39", "'"}, {"nbsp", " "}};
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '&') {
      std::size_t semi = text.find(';', i);
      if (semi != std::string_view::npos && semi - i < 8) {
        auto it = kEntities.find(std::string(text.substr(i + 1, semi - i - 1)));
        if (it != kEntities.end()) {
          out += it->second;
          i = semi;
          continue;
        }
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

struct Tag {
  std::string name;  // lower case; "/div" for an end tag
  std::map<std::string, std::string> attrs;
};

// Reads the tag starting at text[at] == '<'; returns where it ends (after '>').
inline std::size_t read_tag(const std::string& text, std::size_t at, Tag& tag) {
  std::size_t i = at + 1;
  std::size_t end = text.find('>', at);
  if (end == std::string::npos) end = text.size();
  auto skip_blank = [&] {
    while (i < end && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  std::size_t name_start = i;
  while (i < end && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '/') ++i;
  if (i == name_start && i < end && text[i] == '/') {
    ++i;
    while (i < end && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  }
  tag.name = text.substr(name_start, i - name_start);
  for (auto& c : tag.name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (i < end) {
    skip_blank();
    std::size_t key_start = i;
    while (i < end && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::string key = text.substr(key_start, i - key_start);
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value;
    if (i < end && text[i] == '=') {
      ++i;
      if (i < end && text[i] == '"') {
        std::size_t close = text.find('"', i + 1);
        value = text.substr(i + 1, close - i - 1);
        i = close + 1;
      }
    }
    if (!key.empty() && key != "/") tag.attrs[key] = decode_entities(value);
    if (key.empty()) ++i;
  }
  return end + 1;
}

// The elements that make a page's structure, in document order, each as one line:
//   li class=menuopen | a class=menulink href=?target=Europe text=Europe | img src=... |
//   h1 text=... | h2 text=... | form ... | input ... | option ... | div class=panel | p text=...
inline std::vector<std::string> structure(const std::string& html) {
  static const std::set<std::string> kAttrs = {"class",  "href", "src",      "width",
                                               "height", "id",   "method",   "name",
                                               "value",  "type", "selected", "action"};
  static const std::set<std::string> kWithText = {"a", "h1", "h2", "p", "option", "div", "pre"};
  std::vector<std::string> out;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    Tag tag;
    std::size_t after = read_tag(html, i, tag);
    i = after;
    if (tag.name.empty() || tag.name[0] == '/' || tag.name[0] == '!') continue;
    static const std::set<std::string> kTags = {
        "li", "a", "img", "h1", "h2", "form", "input", "option", "select", "p", "div", "ul", "pre"};
    if (!kTags.count(tag.name)) continue;
    std::string line = tag.name;
    for (const auto& [key, value] : tag.attrs) {
      if (kAttrs.count(key)) line += " " + key + "=" + value;
    }
    if (kWithText.count(tag.name)) {
      std::size_t next = html.find('<', after);
      std::string text = decode_entities(html.substr(after, next - after));
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.pop_back();
      std::size_t lead = text.find_first_not_of(" \n\t");
      text = lead == std::string::npos ? "" : text.substr(lead);
      if (!text.empty()) line += " text=" + text;
    }
    out.push_back(line);
  }
  return out;
}

// The menu (from the hswitch form to the end of the sidebar) and the main part (up to
// `<hr>`) of a page: what the template's <##menu##>, title, remark, overview and body fill.
inline std::vector<std::string> page_structure(const std::string& html) {
  std::size_t form = html.find("<form");
  std::size_t main = html.find("<div class=\"main\">");
  std::size_t navbar = html.find("<div class=\"navbar\">");
  std::size_t hr = html.find("<hr>", main == std::string::npos ? 0 : main);
  if (form == std::string::npos || main == std::string::npos || hr == std::string::npos) return {};
  std::size_t menu_end = navbar != std::string::npos && navbar < main ? navbar : main;
  std::vector<std::string> out = structure(html.substr(form, menu_end - form));
  std::vector<std::string> rest = structure(html.substr(main, hr - main));
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

}  // namespace smokeping::web::test
