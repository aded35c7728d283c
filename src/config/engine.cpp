#include "src/config/detail/engine.hpp"

#include <fmt/format.h>

#include <utility>

#include "smokeping/config/config_error.hpp"
#include "smokeping/core/perl_regex.hpp"

namespace smokeping::config::detail {

bool is_name_pattern(std::string_view name) {
  return name.size() >= 2 && name.front() == '/' && name.back() == '/';
}

bool name_matches(std::string_view grammar_name, std::string_view name) {
  if (!is_name_pattern(grammar_name)) return grammar_name == name;
  std::string_view re = grammar_name.substr(1, grammar_name.size() - 2);
  return core::perl_anchored_match(re, name);
}

const VarRule* SectionRule::find_var(std::string_view key) const {
  for (const auto& v : vars) {
    if (!is_name_pattern(v.name) && v.name == key) return &v;
  }
  for (const auto& v : vars) {
    if (is_name_pattern(v.name) && name_matches(v.name, key)) return &v;
  }
  return nullptr;
}

const SubsectionRule* SectionRule::find_section(std::string_view name) const {
  for (const auto& s : sections) {
    if (!is_name_pattern(s.name) && s.name == name) return &s;
  }
  for (const auto& s : sections) {
    if (is_name_pattern(s.name) && name_matches(s.name, name)) return &s;
  }
  return nullptr;
}

Engine::Engine(RulePtr root, const std::string& top_file, CheckEnv env)
    : root_(std::make_unique<RawSection>("", core::SourceLoc{})), env_(env), top_file_(top_file) {
  top_end_ = core::SourceLoc{std::make_shared<const std::string>(top_file), 1};
  Frame frame;
  frame.section = root_.get();
  frame.mandatory = root->mandatory;
  frame.rule = std::move(root);
  stack_.push_back(std::move(frame));
}

void Engine::fail(const core::SourceLoc& loc, std::string message) const {
  throw ConfigError(loc, std::move(message));
}

void Engine::end_of_file(const core::SourceLoc& loc) {
  if (loc.file_name() == top_file_ && loc.line > 0) top_end_ = loc;
}

void Engine::header(int level, std::string name, const core::SourceLoc& loc) {
  int current = static_cast<int>(stack_.size()) - 1;
  if (level > current + 1) fail(loc, "section nesting error");
  while (static_cast<int>(stack_.size()) - 1 >= level) close_section();
  open_section(std::move(name), loc);
}

void Engine::open_section(std::string name, const core::SourceLoc& loc) {
  Frame& parent = stack_.back();
  const SectionRule& parent_rule = *parent.rule;
  if (!parent_rule.sections_allowed) fail(loc, "no sections are allowed");
  const SubsectionRule* sub = parent_rule.find_section(name);
  if (!sub) fail(loc, fmt::format("unknown section '{}'", name));
  RulePtr rule =
      parent_rule.hooks ? parent_rule.hooks->child_rule(parent, *sub, name, loc) : sub->rule;

  if (parent.section->find(name) || parent.section->child(name)) {
    fail(loc, "section or variable already exists");
  }
  int order = rule->ordered ? parent.child_count++ : -1;
  RawSection& section = parent.section->add_child(name, loc, order);
  for (const auto& var : rule->inherited) {
    const RawValue* value = parent.section->find(var);
    if (!value) continue;
    RawValue copy = *value;
    copy.origin = RawValue::Origin::inherited;
    section.set(var, std::move(copy));
  }

  Frame frame;
  frame.section = &section;
  frame.mandatory = rule->mandatory;
  frame.rule = std::move(rule);
  frame.probe = parent.probe;
  stack_.push_back(std::move(frame));
  Frame& child = stack_.back();
  if (child.rule->hooks) child.rule->hooks->opened(child, stack_[stack_.size() - 2], loc);
}

void Engine::close_section() {
  Frame& frame = stack_.back();
  for (const auto& var : frame.rule->vars) {
    if (!var.default_value || frame.section->find(var.name)) continue;
    frame.section->set(
        var.name, RawValue{*var.default_value, frame.section->loc(), RawValue::Origin::defaulted});
  }
  mandatory_[frame.section] = std::move(frame.mandatory);
  stack_.pop_back();
}

void Engine::assignment(std::string key, std::string value, const core::SourceLoc& loc) {
  Frame& frame = stack_.back();
  RawSection& section = *frame.section;
  if (const RawValue* existing = section.find(key)) {
    // Overriding an inherited value is the normal way to change it; anything else is twice.
    if (existing->origin != RawValue::Origin::inherited) fail(loc, "variable already defined");
    section.erase(key);
  } else if (section.child(key)) {
    fail(loc, "variable already defined");
  }

  // Hooks may replace the frame's rule while we look at it; keep this one alive.
  RulePtr keep = frame.rule;
  const SectionRule& rule = *keep;
  if (!rule.vars_allowed) fail(loc, "no variables are allowed");
  const VarRule* var = rule.find_var(key);
  if (!var) fail(loc, fmt::format("unknown variable '{}'", key));
  if (!var->re.empty() && !core::perl_anchored_match(var->re, value)) {
    fail(loc,
         var->re_error.empty() ? fmt::format("syntax error in value of '{}'", key) : var->re_error);
  }
  if (var->check) {
    if (auto error = var->check(value, env_)) fail(loc, std::move(*error));
  }
  if (rule.hooks) {
    if (auto error = rule.hooks->check_variable(frame, key, value)) fail(loc, std::move(*error));
    rule.hooks->variable_set(frame, key, value);
  }
  if (frame.rule->track_varlist) frame.varlist.push_back(key);
  section.set(std::move(key), RawValue{std::move(value), loc, RawValue::Origin::set});
}

void Engine::table_row(std::vector<std::string> cells, const core::SourceLoc& loc) {
  Frame& frame = stack_.back();
  const auto& table = frame.rule->table;
  if (!table) fail(loc, "table syntax error");
  if (static_cast<int>(cells.size()) != table->columns) {
    fail(loc, fmt::format("row must have {} columns (has {})", table->columns, cells.size()));
  }
  for (size_t i = 0; i < cells.size() && i < table->cells.size(); ++i) {
    const CellRule& cell = table->cells[i];
    if (!cell.re.empty() && !core::perl_anchored_match(cell.re, cells[i])) {
      fail(loc, cell.re_error.empty() ? fmt::format("syntax error in column {}", i + 1)
                                      : fmt::format("column {}: {}", i + 1, cell.re_error));
    }
    if (cell.check) {
      if (auto error = cell.check(cells[i], env_)) fail(loc, std::move(*error));
    }
  }
  frame.section->add_row(TableRow{std::move(cells), loc});
}

std::unique_ptr<RawSection> Engine::finish() {
  while (stack_.size() > 1) close_section();
  mandatory_[root_.get()] = stack_.front().mandatory;
  check_mandatory(*root_, "");
  return std::move(root_);
}

void Engine::check_mandatory(const RawSection& section, const std::string& path) const {
  auto it = mandatory_.find(&section);
  if (it != mandatory_.end()) {
    for (const auto& item : it->second) {
      if (section.find(item) || section.child(item)) continue;
      std::string message = fmt::format("mandatory variable '{}' not defined", item);
      if (path.empty()) throw ConfigError(top_end_, std::move(message));
      throw ConfigError(section.loc(), path, std::move(message));
    }
  }
  for (const auto& child : section.children()) {
    check_mandatory(*child, path.empty() ? child->name() : path + "/" + child->name());
  }
}

}  // namespace smokeping::config::detail
