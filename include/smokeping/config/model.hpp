// The typed, immutable configuration every part of smokeping reads: the daemon, the CGI and
// the slave. Built once from the parsed tree, with inheritance and defaults resolved.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "smokeping/config/alert_rule.hpp"
#include "smokeping/config/probe_catalog.hpp"
#include "smokeping/config/raw_tree.hpp"
#include "smokeping/core/source_loc.hpp"

namespace smokeping::config {

struct General {
  std::string owner, contact, imgcache, imgurl, datadir, dyndir, pagedir, piddir;
  std::string smokemail, tmail, sendmail, cgiurl, mailhost, mailuser, mailpass, snpphost;
  std::string display_name, syslogfacility;
  std::string syslogpriority = "info";
  // "random", or a percentage of the step (`offset = 50%` gives 50).
  std::optional<int> offset_percent;
  bool concurrentprobes = true;
  bool changeprocessnames = true;
  bool changecgiprogramname = true;
  std::string linkstyle = "relative";
  std::optional<unsigned> precreateperms;
};

struct Rra {
  std::string cf;  // AVERAGE, MIN or MAX
  double xff = 0.5;
  long steps = 1;
  long rows = 1;
  bool operator==(const Rra&) const = default;
};

struct Database {
  long step = 300;
  int pings = 20;
  std::vector<Rra> rras;
};

struct GraphSpan {
  std::string label;  // "Last 3 Hours"
  std::string span;   // "3h" as written
  std::chrono::seconds seconds{0};
};

struct ColorRow {
  double threshold = 0;
  std::string color;
  std::string legend;
};

struct Overview {
  int width = 600, height = 50;
  std::string range = "12h";
  std::string max_rtt, median_color, strftime;
};

struct Detail {
  int width = 600, height = 200;
  bool loss_background = false;
  bool logarithmic = false;
  std::optional<double> unison_tolerance;
  std::string max_rtt, strftime, nodata_color;
  std::vector<GraphSpan> spans;
  std::vector<ColorRow> loss_colors, uptime_colors;  // empty: the CGI's built-in tables
};

struct Chart {
  std::string name, menu, title, format;
  CallSpec sorter;
};

struct Charts {
  std::string menu, title;
  std::vector<Chart> charts;
};

struct Hierarchy {
  std::string name, title;
};

struct Presentation {
  std::string template_path;
  std::string charset = "utf-8";
  bool htmltitle = false, graphborders = true, literalsearch = false;
  std::string colortext, colorbackground, colorborder;
  Overview overview;
  Detail detail;
  std::optional<Charts> charts;
  std::vector<std::string> multihost_colors;
  std::vector<Hierarchy> hierarchies;
};

// A name a target can use as `probe`: a module section without instances, or an instance.
struct ProbeInstance {
  std::string name;  // "FPing", "FPingLarge"
  const ProbeModuleSpec* module = nullptr;
  // Every variable of the section, defaults and values inherited from the module included.
  std::map<std::string, std::string> vars;
  long step = 0;  // the probe's step, or Database step
  int pings = 0;  // probe section `pings`, or Database pings (fork probes: per target)
  // The offset that applies to this probe's rounds, in percent of the step; nullopt: random.
  std::optional<int> offset_percent;
  const std::string* var(const std::string& key) const;
};

struct Slave {
  std::string name, display_name, location, color;
  std::vector<std::pair<std::string, std::string>> overrides;  // "Probes.FPing.binary" = ...
};

struct Slaves {
  std::string secrets;
  std::vector<Slave> slaves;
  const Slave* find(const std::string& name) const;
};

struct Alert {
  std::string name, comment, to, mailtemplate, pattern;
  AlertType type = AlertType::loss;
  bool edgetrigger = false;
  std::optional<int> priority;
  ClassicPattern classic;  // type loss/rtt
  MatcherRule matcher;     // type matcher
};

struct Alerts {
  std::string to, from, mailtemplate;
  bool edgetrigger = false;
  std::vector<Alert> alerts;
  const Alert* find(const std::string& name) const;
};

struct InfluxDb {
  std::string host, database, username, password;
  int port = 8086;
  int timeout = 15;
};

struct TargetNode {
  enum class Kind {
    group,      // no host
    host,       // probes `host`
    multihost,  // `host = /a/b /c/d~slave`: draws other nodes' data
    dynamic,    // `host = DYNAMIC[/secret]`: address reported by the host itself
  };
  std::string name;               // "" for the Targets root
  std::vector<std::string> path;  // names from the root: {"Local", "LocalMachine"}
  Kind kind = Kind::group;
  std::string host;
  std::string menu, title, remark, menuextra, email, rawlog;
  const ProbeInstance* probe = nullptr;
  int pings = 0;
  long step = 0;
  std::vector<std::string> slaves;
  std::vector<std::string> alerts;
  std::string alertee;
  std::vector<std::pair<std::string, std::string>> parents;  // hierarchy, path
  bool hide = false;
  bool nomasterpoll = false;
  // The probe's target variables as they apply here: node, ancestors, probe section, default.
  std::map<std::string, std::string> probe_vars;
  // The InfluxDB tags (2.9.0): each non-empty `influx_<name>` variable written in this very
  // section, as {<name>, value}, by name. Not inherited: the original's grammar passes only
  // literal variable names down the tree, and these match a pattern.
  std::vector<std::pair<std::string, std::string>> influx_tags;
  std::vector<TargetNode> children;  // in file order
  core::SourceLoc loc;

  // "Local/LocalMachine", the path below datadir without the ".rrd".
  std::string rel_path() const;
  bool has_host() const { return kind == Kind::host || kind == Kind::dynamic; }
};

class Config {
 public:
  std::string file;                // the top-level config file
  std::vector<std::string> files;  // every file read, the top one first
  General general;
  Database database;
  Presentation presentation;
  std::vector<ProbeInstance> probes;
  std::optional<Slaves> slaves;
  std::optional<Alerts> alerts;
  std::optional<InfluxDb> influxdb;
  TargetNode targets;
  // The tree as parsed; the master serializes it for its slaves.
  std::shared_ptr<const RawSection> raw;

  const ProbeInstance* find_probe(const std::string& name) const;
  // The node at `path` ("Local.LocalMachine" or {"Local","LocalMachine"}), or nullptr.
  const TargetNode* find_target(const std::vector<std::string>& path) const;
  // Calls `fn` for every node with a host, depth first in file order.
  template <typename Fn>
  void for_each_host(Fn&& fn) const {
    walk(targets, fn);
  }

 private:
  template <typename Fn>
  static void walk(const TargetNode& node, Fn& fn) {
    if (node.has_host()) fn(node);
    for (const auto& child : node.children) walk(child, fn);
  }
};

}  // namespace smokeping::config
