// The parameters of a web page request (web-and-rrd.md §2.3), read the way the original reads
// them: the first run of non-blank characters of `target`, the characters [<>%&'";] replaced
// by `_`, a target containing `..` ignored (the root page), `~SLAVE` split off. Unlike the
// original, the request is refused (4xx) when it names an unknown slave or hierarchy, holds a
// NUL byte, puts `/` into a target component, has a bad filter regex or a parameter no page
// reads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/core/perl_regex.hpp"
#include "smokeping/protocol/submission_form.hpp"

namespace smokeping::web {

enum class DisplayMode { classic, navigator, ajax, chart };

struct PageParams {
  // The target's path components ("Europe", "Zurich"), without the slave; empty: the root.
  std::vector<std::string> open;
  std::string slave;      // the `~SLAVE` suffix, "" without one
  std::string target;     // `target` as the links repeat it: "Europe.Zurich~boomer", or ""
  bool charts = false;    // the first component is `_charts` and the config has charts
  std::string hierarchy;  // a Presentation/hierarchies name, "" for the default tree
  std::optional<std::string> hierarchy_field;  // the `hierarchy` field as sent
  // The menu filter: its regex text (the first run of the allowed characters) and the
  // compiled case-insensitive regex; null without a filter.
  std::string filter;
  std::shared_ptr<const core::PerlRegex> filter_regex;
  // The `filter` field as sent (the form shows it again), nullopt when absent.
  std::optional<std::string> filter_field;
  // nullopt: displaymode holds something else (mode_text says what).
  std::optional<DisplayMode> mode = DisplayMode::classic;
  std::string mode_text = "s";
  // Navigator and ajax: the raw `start`/`end`/`title` fields (nullopt when absent).
  std::optional<std::string> start, end, title;
};

enum class ParamStatus { ok, bad_request, not_found };

struct ParamsResult {
  ParamStatus status = ParamStatus::ok;
  std::string message;  // the error, in the original's words where it has one
  PageParams params;
};

// Never throws on bad input.
ParamsResult parse_page_params(const protocol::FormFields& form, const config::Config& config);

// The original's XSS guard: each of < > % & ' " ; becomes `_`.
std::string replace_unsafe_chars(std::string_view text);

// The parameter names the pages read (anything else is refused with 400).
bool is_page_parameter(std::string_view name);

}  // namespace smokeping::web
