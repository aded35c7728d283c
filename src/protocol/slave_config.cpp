// The master's side of the slave config (master-slave.md §4). The Perl hash is rebuilt from
// the parsed tree: Master.pm get_targets/extract_config run over the tree that
// Config::Grammar and Smokeping.pm init_target_tree leave behind.
#include "smokeping/protocol/slave_config.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "smokeping/config/alert_rule.hpp"
#include "smokeping/core/perl_regex.hpp"
#include "smokeping/protocol/dumper_writer.hpp"

namespace smokeping::protocol {

namespace {

using config::RawSection;
using config::RawValue;

bool perl_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool perl_true(const std::string& s) { return !s.empty() && s != "0"; }

// Perl's split(/\s*,\s*/, $s): leading empty fields stay, trailing ones go.
std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      break;
    }
    size_t end = comma;
    while (end > start && perl_space(s[end - 1])) --end;
    out.emplace_back(s.substr(start, end - start));
    start = comma + 1;
    while (start < s.size() && perl_space(s[start])) ++start;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

// Perl's split(/\./, $s): trailing empty fields go.
std::vector<std::string> split_dots(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t dot = s.find('.', start);
    out.emplace_back(s.substr(start, dot == std::string_view::npos ? s.npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

// A parsed section as Config::Grammar's hash: variables, `_table`, sub-sections.
PerlValue section_hash(const RawSection& s) {
  PerlValue h = PerlValue::hash();
  for (const auto& [key, value] : s.vars()) h.append(key, PerlValue::string(value.text));
  if (!s.table().empty()) {
    PerlValue rows = PerlValue::array();
    for (const auto& row : s.table()) {
      PerlValue cells = PerlValue::array();
      for (const auto& cell : row.cells) cells.push(PerlValue::string(cell));
      rows.push(std::move(cells));
    }
    h.append("_table", std::move(rows));
  }
  for (const auto& child : s.children()) h.append(child->name(), section_hash(*child));
  return h;
}

class TargetSelector {
 public:
  TargetSelector(const config::Config& config, std::string_view slave, SlaveMatch match)
      : config_(config), slave_(slave), match_(match) {}

  // get_targets: the level's hash, or nullopt (undef) when nothing below it is selected.
  std::optional<PerlValue> select(const RawSection& s, bool top) {
    PerlValue out = PerlValue::hash();
    bool ok = false;
    const std::string* slaves = s.get("slaves");
    for (auto& [key, value] : own_keys(s, top)) {
      if (key == "host") {
        const std::string& host = value.text();
        if (host == "DYNAMIC" || host.starts_with('/')) continue;
        if (!slaves || !slave_selected(*slaves, slave_, match_)) continue;
        ok = true;
      }
      out.append(key, std::move(value));
    }
    for (const auto& child : s.children()) {
      std::optional<PerlValue> selected = select(*child, false);
      ok = ok || selected.has_value();
      out.append(child->name(), selected ? std::move(*selected) : PerlValue());
    }
    out.set("nomasterpoll", PerlValue::string("no"));  // slaves always poll
    if (!ok) return std::nullopt;
    return out;
  }

 private:
  // The level's non-section keys as the original's tree holds them once loaded.
  PerlValue::Hash own_keys(const RawSection& s, bool top) {
    PerlValue level = PerlValue::hash();
    for (const auto& [key, value] : s.vars()) level.append(key, PerlValue::string(value.text));
    // Config::Grammar: `_order` counts the sections of the parent; Targets is the only
    // ordered section of the top level, so it gets 0. `_varlist` lists what was written.
    level.append("_order", PerlValue::number(top ? 0 : s.order()));
    if (!top) {
      PerlValue varlist = PerlValue::array();
      for (const auto& [key, value] : s.vars()) {
        if (value.origin == RawValue::Origin::set) varlist.push(PerlValue::string(key));
      }
      level.append("_varlist", std::move(varlist));
    }
    // init_target_tree: alerts become an array, with the longest pattern as fetchlength.
    if (const std::string* alerts = s.get("alerts"); alerts && perl_true(*alerts)) {
      PerlValue names = PerlValue::array();
      std::int64_t fetchlength = 0;
      for (const auto& name : split_commas(*alerts)) {
        fetchlength = std::max<std::int64_t>(fetchlength, alert_length(name));
        names.push(PerlValue::string(name));
      }
      level.set("alerts", std::move(names));
      level.append("fetchlength", PerlValue::number(fetchlength));
    }
    // ... and `menu ||= host || "unknown"`, likewise `title`.
    const std::string* host = s.get("host");
    for (const char* key : {"menu", "title"}) {
      const std::string* v = s.get(key);
      if (v && perl_true(*v)) continue;
      level.set(key, PerlValue::string(host && perl_true(*host) ? *host : "unknown"));
    }
    return std::move(level.entries());
  }

  // The number of past values an alert looks at (the original's `maxlength`).
  std::int64_t alert_length(const std::string& name) {
    auto cached = alert_lengths_.find(name);
    if (cached != alert_lengths_.end()) return cached->second;
    std::int64_t length = 0;
    const config::Alert* alert = config_.alerts ? config_.alerts->find(name) : nullptr;
    if (alert) {
      try {
        length = alert->type == config::AlertType::matcher
                     ? config::parse_matcher(alert->name, alert->pattern).history_length
                     : config::parse_classic_pattern(alert->name, alert->type, alert->pattern)
                           .max_length;
      } catch (const config::AlertSyntaxError&) {
        length = 0;  // the load-time checks refuse such a config before it gets here
      }
    }
    alert_lengths_.emplace(name, length);
    return length;
  }

  const config::Config& config_;
  std::string_view slave_;
  SlaveMatch match_;
  std::map<std::string, std::int64_t, std::less<>> alert_lengths_;
};

// One `++ override` entry: walk the dotted path, replacing anything that is not a hash.
void apply_override(PerlValue& root, const std::string& path, const std::string& value) {
  std::vector<std::string> keys = split_dots(path);
  std::string last = keys.empty() ? std::string() : keys.back();  // Perl: undef, used as ""
  if (!keys.empty()) keys.pop_back();
  PerlValue* node = &root;
  for (const auto& key : keys) {
    PerlValue* next = node->find(key);
    if (!next || !next->is_hash()) next = &node->set(key, PerlValue::hash());
    node = next;
  }
  node->set(last, PerlValue::string(value));
}

}  // namespace

bool slave_selected(std::string_view slaves, std::string_view slave, SlaveMatch match) {
  if (match == SlaveMatch::exact_token) {
    size_t i = 0;
    while (i < slaves.size()) {
      while (i < slaves.size() && perl_space(slaves[i])) ++i;
      size_t start = i;
      while (i < slaves.size() && !perl_space(slaves[i])) ++i;
      if (i > start && slaves.substr(start, i - start) == slave) return true;
    }
    return false;
  }
  std::string pattern = "\\b" + std::string(slave) + "\\b";
  try {
    return core::PerlRegex::cached(pattern)->search(slaves);
  } catch (const core::RegexError& e) {
    throw std::invalid_argument("slave name '" + std::string(slave) +
                                "' is not a valid pattern: " + e.what());
  }
}

std::optional<PerlValue> build_slave_config(const config::Config& config, std::string_view slave,
                                            std::int64_t last, const SlaveConfigOptions& options) {
  if (!config.raw) throw std::invalid_argument("build_slave_config: config without its tree");
  const RawSection& raw = *config.raw;
  PerlValue out = PerlValue::hash();
  for (const char* name : {"Database", "General", "Probes"}) {
    const RawSection* s = raw.child(name);
    out.append(name, s ? section_hash(*s) : PerlValue());
  }
  std::optional<PerlValue> targets;
  if (const RawSection* t = raw.child("Targets")) {
    targets = TargetSelector(config, slave, options.match).select(*t, true);
  }
  out.append("Targets", targets ? std::move(*targets) : PerlValue());
  out.append("__last", PerlValue::number(last));

  if (config.slaves) {
    if (const config::Slave* s = config.slaves->find(std::string(slave))) {
      for (const auto& [path, value] : s->overrides) apply_override(out, path, value);
    }
  }
  // `if ($slave_config{Targets})`: after the overrides, which may even create it.
  const PerlValue* t = out.find("Targets");
  if (!t || !t->perl_true()) return std::nullopt;
  return out;
}

std::string slave_config_body(const PerlValue& slave_config) {
  return dumper(slave_config, {.sort_keys = true});
}

}  // namespace smokeping::protocol
