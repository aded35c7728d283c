// The slave's reading of a master's config: a whitelist over the Perl hash, then the tree.
#include "smokeping/protocol/slave_config_receive.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

#include "smokeping/config/probe_catalog.hpp"
#include "smokeping/config/value_check.hpp"
#include "smokeping/core/perl_regex.hpp"

namespace smokeping::protocol {

namespace {

using config::ProbeModuleSpec;
using config::ProbeVarKind;
using config::ProbeVarSpec;
using config::RawSection;
using config::RawValue;

// Variables every target level may have (the original's TARGETCOMMON and Targets top level).
constexpr std::array<std::string_view, 14> kTargetCommon = {
    "probe",  "menu",    "title",  "note",      "email",   "host", "remark",
    "rawlog", "alertee", "slaves", "menuextra", "parents", "hide", "nomasterpoll"};
// Sent by the master but of no use to a slave.
constexpr std::array<std::string_view, 4> kTargetIgnored = {"_order", "_varlist", "fetchlength",
                                                            "alerts"};

bool contains(auto const& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool valid_node_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

[[noreturn]] void refuse(const std::string& where, const std::string& message) {
  throw SlaveConfigError(fmt::format("config from the master, {}: {}", where, message));
}

const ProbeVarSpec* find_probe_var(const ProbeModuleSpec& module, std::string_view key,
                                   bool target_only) {
  const ProbeVarSpec* pattern_match = nullptr;
  for (const ProbeVarSpec& v : module.vars) {
    if (target_only && v.kind != ProbeVarKind::target) continue;
    bool pattern = v.name.size() >= 2 && v.name.front() == '/' && v.name.back() == '/';
    if (!pattern && v.name == key) return &v;
    if (pattern && !pattern_match &&
        core::perl_anchored_match(v.name.substr(1, v.name.size() - 2), key)) {
      pattern_match = &v;
    }
  }
  return pattern_match;
}

// The module's own check of a value, without looking at the machine.
void check_probe_value(const std::string& where, const ProbeVarSpec& spec, std::string_view key,
                       const std::string& value) {
  if (!spec.re.empty() && !core::perl_anchored_match(spec.re, value)) {
    refuse(where, spec.re_error.empty() ? fmt::format("syntax error in value of '{}'", key)
                                        : std::string(spec.re_error));
  }
  if (spec.check) {
    config::CheckEnv env;
    env.check_paths = false;  // binaries are the probe's business when it starts
    if (auto error = spec.check(value, env)) refuse(where, *error);
  }
}

class Converter {
 public:
  explicit Converter(const std::string& origin)
      : loc_{std::make_shared<const std::string>(origin), 0} {}

  ReceivedConfig convert(const PerlValue& v) {
    if (!v.is_hash()) refuse("top level", "not a hash");
    ReceivedConfig out;
    out.last = last(v.find("__last"));
    out.raw = std::make_unique<RawSection>("", loc_);
    general(v.find("General"), out.raw->add_child("General", loc_, -1));
    database(v.find("Database"), out.raw->add_child("Database", loc_, -1));
    probes(v.find("Probes"), out.raw->add_child("Probes", loc_, -1));
    const PerlValue* targets = v.find("Targets");
    if (!targets || !targets->is_hash()) refuse("Targets", "missing or not a hash");
    target_level(*targets, out.raw->add_child("Targets", loc_, -1), "Targets");
    return out;
  }

 private:
  static std::int64_t last(const PerlValue* v) {
    if (!v) refuse("__last", "missing");
    if (!v->is_scalar() || !all_digits(v->text()) || v->text().size() > 18) {
      refuse("__last", fmt::format("'{}' is not a non-negative integer", v->text()));
    }
    return std::stoll(v->text());
  }

  void set(RawSection& s, std::string key, const std::string& text) {
    s.set(std::move(key), RawValue{text, loc_, RawValue::Origin::set});
  }

  void general(const PerlValue* v, RawSection& s) {
    if (!v || v->is_undef()) return;
    if (!v->is_hash()) refuse("General", "not a hash");
    for (const auto& [key, value] : v->entries()) {
      if (value.is_scalar()) set(s, key, value.text());
    }
  }

  void database(const PerlValue* v, RawSection& s) {
    if (!v || !v->is_hash()) refuse("Database", "missing or not a hash");
    struct Required {
      const char* key;
      config::CheckFn check;
    };
    for (Required r : {Required{"step", &config::checks::integer_at_least_1},
                       Required{"pings", &config::checks::pings_at_least_3}}) {
      const PerlValue* value = v->find(r.key);
      std::string where = fmt::format("Database/{}", r.key);
      if (!value) refuse(where, "missing");
      if (!value->is_scalar() || !all_digits(value->text()) || value->text().size() > 9) {
        refuse(where, fmt::format("'{}' is not an integer", value->text()));
      }
      if (auto error = r.check(value->text(), config::CheckEnv{})) refuse(where, *error);
      set(s, r.key, value->text());
    }
    const PerlValue* table = v->find("_table");
    if (!table || table->is_undef()) return;
    if (!table->is_array()) refuse("Database/_table", "not an array");
    for (const PerlValue& row : table->elements()) {
      if (!row.is_array() || row.elements().size() != 4 ||
          !std::all_of(row.elements().begin(), row.elements().end(),
                       [](const PerlValue& c) { return c.is_scalar(); })) {
        refuse("Database/_table", "a row that is not four values");
      }
      config::TableRow r;
      for (const PerlValue& cell : row.elements()) r.cells.push_back(cell.text());
      r.loc = loc_;
      s.add_row(std::move(r));
    }
  }

  void probes(const PerlValue* v, RawSection& s) {
    if (!v || !v->is_hash()) refuse("Probes", "missing or not a hash");
    for (const auto& [name, value] : v->entries()) {
      std::string where = "Probes/" + name;
      const ProbeModuleSpec* module = config::find_probe_module(name);
      if (!module) refuse(where, fmt::format("unknown probe module '{}'", name));
      if (!value.is_hash()) refuse(where, "not a hash");
      RawSection& m = s.add_child(name, loc_, -1);
      bool has_instances = false;
      for (const auto& [key, item] : value.entries()) {
        if (!item.is_hash()) continue;
        has_instances = true;
        std::string instance_where = where + "/" + key;
        if (!valid_node_name(key)) refuse(instance_where, "not a valid probe name");
        probe_vars(item, m.add_child(key, loc_, -1), *module, instance_where, true);
        add_probe_name(key, module, instance_where);
      }
      probe_vars(value, m, *module, where, false);
      // As in the original, a module with instances is not a probe name itself.
      if (!has_instances) add_probe_name(name, module, where);
    }
  }

  void probe_vars(const PerlValue& h, RawSection& s, const ProbeModuleSpec& module,
                  const std::string& where, bool instance) {
    for (const auto& [key, value] : h.entries()) {
      std::string var_where = where + "/" + key;
      if (value.is_hash() && instance) refuse(var_where, "probe instances cannot nest");
      if (value.is_undef() || value.is_hash()) continue;  // instances: done by the caller
      if (!value.is_scalar()) refuse(var_where, "not a plain value");
      const ProbeVarSpec* spec = find_probe_var(module, key, false);
      if (!spec) refuse(where, fmt::format("unknown variable '{}' of probe {}", key, module.name));
      check_probe_value(var_where, *spec, key, value.text());
      set(s, key, value.text());
    }
  }

  void add_probe_name(const std::string& name, const ProbeModuleSpec* module,
                      const std::string& where) {
    if (!probe_modules_.emplace(name, module).second) {
      refuse(where, fmt::format("probe name '{}' given twice", name));
    }
  }

  void target_level(const PerlValue& h, RawSection& s, const std::string& where) {
    const PerlValue* probe = h.find("probe");
    if (!probe || !probe->is_scalar() || !probe_modules_.contains(probe->text())) {
      refuse(where, fmt::format("probe '{}' is not one of the probes sent",
                                probe && probe->is_scalar() ? probe->text() : ""));
    }
    const ProbeModuleSpec* module = probe_modules_.at(probe->text());

    struct Child {
      double order;
      const std::string* name;
      const PerlValue* value;
    };
    std::vector<Child> children;
    for (const auto& [key, value] : h.entries()) {
      if (value.is_hash()) {
        std::string child_where = where + "/" + key;
        if (!valid_node_name(key)) refuse(child_where, "not a valid target name");
        if (contains(kTargetCommon, key) || contains(kTargetIgnored, key) ||
            find_probe_var(*module, key, true)) {
          refuse(child_where, "a target cannot have the name of a variable");
        }
        children.push_back({order_of(value), &key, &value});
        continue;
      }
      if (!value.is_scalar() || contains(kTargetIgnored, key)) continue;
      if (contains(kTargetCommon, key)) {
        if (key == "host" && value.text().empty()) refuse(where, "empty host");
        set(s, key, value.text());
      } else if (const ProbeVarSpec* spec = find_probe_var(*module, key, true)) {
        check_probe_value(where + "/" + key, *spec, key, value.text());
        set(s, key, value.text());
      }
    }
    std::stable_sort(children.begin(), children.end(), [](const Child& a, const Child& b) {
      return a.order != b.order ? a.order < b.order : *a.name < *b.name;
    });
    int index = 0;
    for (const Child& c : children) {
      target_level(*c.value, s.add_child(*c.name, loc_, index++), where + "/" + *c.name);
    }
  }

  static double order_of(const PerlValue& level) {
    const PerlValue* order = level.find("_order");
    double n = order && order->is_scalar() ? config::perl_number(order->text())
                                           : std::numeric_limits<double>::infinity();
    return std::isnan(n) ? std::numeric_limits<double>::infinity() : n;
  }

  core::SourceLoc loc_;
  // Probe name (a module without instances, or an instance) -> its module.
  std::map<std::string, const ProbeModuleSpec*> probe_modules_;
};

}  // namespace

ReceivedConfig read_slave_config(const PerlValue& config, const std::string& origin) {
  return Converter(origin).convert(config);
}

ReceivedConfig read_slave_config_text(std::string_view body, const std::string& origin,
                                      const DumperLimits& limits) {
  return read_slave_config(read_dumper(body, limits), origin);
}

}  // namespace smokeping::protocol
