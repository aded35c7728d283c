#include "smokeping/web/params.hpp"

#include <algorithm>
#include <array>

namespace smokeping::web {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Perl's `$t =~ /(\S+)/`: the first run of non-blank characters.
std::string first_word(std::string_view text) {
  auto begin = std::find_if_not(text.begin(), text.end(), is_blank);
  auto end = std::find_if(begin, text.end(), is_blank);
  return std::string(begin, end);
}

// Perl's `split /X/, $s`: trailing empty fields are dropped, leading ones kept.
std::vector<std::string> perl_split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  while (true) {
    std::size_t at = text.find(sep, from);
    parts.emplace_back(text.substr(from, at == std::string_view::npos ? text.npos : at - from));
    if (at == std::string_view::npos) break;
    from = at + 1;
  }
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

// Perl truth of a parameter value: present, not "" and not "0".
bool perl_true(const std::string* value) { return value && !value->empty() && *value != "0"; }

// The characters the original lets into a filter: `[- _0-9a-zA-Z+*()|^\[\].$]`.
bool is_filter_char(char c) {
  static constexpr std::string_view kExtra = "- _+*()|^[].$";
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         kExtra.find(c) != std::string_view::npos;
}

std::string first_filter_run(std::string_view text) {
  auto begin = std::find_if(text.begin(), text.end(), is_filter_char);
  auto end = std::find_if_not(begin, text.end(), is_filter_char);
  return std::string(begin, end);
}

// `literalsearch = yes` (2.9.0): the whole value is matched as text.
std::string quote_regex(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                c == '_' || static_cast<unsigned char>(c) >= 0x80;
    if (!word) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

ParamsResult fail(ParamStatus status, std::string message) {
  ParamsResult result;
  result.status = status;
  result.message = std::move(message);
  return result;
}

bool has_hierarchy(const config::Config& config, const std::string& name) {
  const auto& all = config.presentation.hierarchies;
  return std::any_of(all.begin(), all.end(), [&](const auto& h) { return h.name == name; });
}

}  // namespace

std::string replace_unsafe_chars(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '<' || c == '>' || c == '%' || c == '&' || c == '\'' || c == '"' || c == ';') c = '_';
  }
  return out;
}

bool is_page_parameter(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "target",      "hierarchy", "filter",    "displaymode", "start", "end", "title",
      "epoch_start", "epoch_end", "Generate!", "ui",          "view"};  // ui, view: modern_ui.hpp
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

ParamsResult parse_page_params(const protocol::FormFields& form, const config::Config& config) {
  for (const auto& [name, value] : form.fields) {
    if (name.find('\0') != std::string::npos || value.find('\0') != std::string::npos)
      return fail(ParamStatus::bad_request, "ERROR: NUL byte in parameter");
    if (!is_page_parameter(name))
      return fail(ParamStatus::bad_request, "ERROR: unknown parameter " + name);
  }
  ParamsResult result;
  PageParams& p = result.params;

  const std::string* target = form.find("target");
  std::string targ;
  if (perl_true(target) && target->find("..") == std::string::npos)
    targ = replace_unsafe_chars(first_word(*target));
  std::vector<std::string> halves = perl_split(targ, '~');
  std::string path = halves.empty() ? std::string() : halves[0];
  if (halves.size() > 1 && !halves[1].empty() && halves[1] != "0") {
    p.slave = halves[1];
    if (!config.slaves || !config.slaves->find(p.slave))
      return fail(ParamStatus::not_found,
                  "ERROR: slave '" + p.slave + "' is not defined in the '*** Slaves ***' section!");
  }
  p.open = perl_split(path, '.');
  for (const auto& component : p.open) {
    if (component.find('/') != std::string::npos)
      return fail(ParamStatus::bad_request, "ERROR: invalid target component '" + component + "'");
  }
  p.target = targ;
  p.charts = config.presentation.charts && !p.open.empty() && p.open[0] == "_charts";

  if (const std::string* h = form.find("hierarchy")) {
    p.hierarchy_field = *h;
    std::string name = replace_unsafe_chars(*h);
    if (!name.empty() && name != "0") {
      if (!has_hierarchy(config, name))
        return fail(ParamStatus::not_found, "ERROR: unknown hierarchy " + name);
      p.hierarchy = name;
    }
  }

  if (const std::string* f = form.find("filter")) {
    p.filter_field = *f;
    if (perl_true(f)) {
      p.filter = config.presentation.literalsearch ? quote_regex(*f) : first_filter_run(*f);
    }
    if (!p.filter.empty()) {
      try {
        p.filter_regex = core::PerlRegex::cached("(?i)" + p.filter);
      } catch (const core::RegexError& e) {
        return fail(ParamStatus::bad_request,
                    "ERROR: invalid filter '" + p.filter + "': " + e.what());
      }
    }
  }

  if (const std::string* m = form.find("displaymode"); perl_true(m)) {
    p.mode_text = replace_unsafe_chars(*m);
    if (p.mode_text == "s") {
      p.mode = DisplayMode::classic;
    } else if (p.mode_text == "n") {
      p.mode = DisplayMode::navigator;
    } else if (p.mode_text == "a") {
      p.mode = DisplayMode::ajax;
    } else if (p.mode_text == "c") {
      p.mode = DisplayMode::chart;
    } else {
      p.mode.reset();
    }
  }
  if (const std::string* s = form.find("start")) p.start = *s;
  if (const std::string* e = form.find("end")) p.end = *e;
  if (const std::string* t = form.find("title")) p.title = *t;
  return result;
}

}  // namespace smokeping::web
