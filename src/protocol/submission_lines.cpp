#include "smokeping/protocol/submission_lines.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <utility>

namespace smokeping::protocol {
namespace {

constexpr std::size_t kMaxTimeDigits = 18;  // fits int64 with room; Unix time has 10

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// What rrdtool takes as a value and a slave can send: an optional sign, digits with an
// optional fraction, an optional exponent ("4.7000000000e-05", "3", "-1.5"). No "nan"/"inf".
bool is_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

// Null when the path is fine, else the problem and its words.
std::optional<std::pair<LineProblem, std::string>> path_problem(std::string_view path) {
  if (path.empty() || path.front() != '/')
    return std::pair{LineProblem::bad_path, std::string("path does not start with '/'")};
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return std::pair{LineProblem::bad_path, std::string("path contains a control byte")};
  }
  std::string_view rest = path.substr(1);
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view component = rest.substr(0, slash);
    if (component.empty())
      return std::pair{LineProblem::bad_path, std::string("path has an empty component")};
    if (component == "." || component == "..")
      return std::pair{LineProblem::dot_path, fmt::format("path has a '{}' component", component)};
    if (slash == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(slash + 1);
  }
}

}  // namespace

std::string_view to_string(LineProblem problem) {
  switch (problem) {
    case LineProblem::empty_line:
      return "empty_line";
    case LineProblem::field_count:
      return "field_count";
    case LineProblem::bad_path:
      return "bad_path";
    case LineProblem::dot_path:
      return "dot_path";
    case LineProblem::unknown_target:
      return "unknown_target";
    case LineProblem::not_assigned:
      return "not_assigned";
    case LineProblem::bad_time:
      return "bad_time";
    case LineProblem::future_time:
      return "future_time";
    case LineProblem::update_field_count:
      return "update_field_count";
    case LineProblem::bad_update_value:
      return "bad_update_value";
  }
  return "unknown";
}

ParsedData parse_data_lines(std::string_view data, const LineRules& rules) {
  ParsedData out;
  // Perl's split /\n/ drops trailing empty fields: a trailing LF (or several) adds no line.
  while (!data.empty() && data.back() == '\n') data.remove_suffix(1);
  if (data.empty()) return out;

  std::size_t line_no = 0;
  while (true) {
    std::size_t eol = data.find('\n');
    std::string_view line = data.substr(0, eol);
    ++line_no;
    ++out.lines;

    auto refuse = [&](LineProblem problem, std::string path, std::string reason) {
      out.refused.push_back({line_no, problem, std::move(path), std::move(reason)});
    };

    std::size_t tab1 = line.find('\t');
    std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (line.empty()) {
      refuse(LineProblem::empty_line, "", "empty line");
    } else if (tab2 == std::string_view::npos || line.find('\t', tab2 + 1) != line.npos) {
      refuse(LineProblem::field_count, std::string(line.substr(0, tab1)),
             "expected 3 TAB-separated fields: path, time, update string");
    } else {
      std::string_view path = line.substr(0, tab1);
      std::string_view time = line.substr(tab1 + 1, tab2 - tab1 - 1);
      std::string_view update = line.substr(tab2 + 1);
      std::int64_t seconds = 0;
      TargetCheck target;
      if (auto problem = path_problem(path)) {
        refuse(problem->first, std::string(path), std::move(problem->second));
      } else if (time.empty() || time.size() > kMaxTimeDigits ||
                 std::from_chars(time.data(), time.data() + time.size(), seconds).ptr !=
                     time.data() + time.size() ||
                 time.front() == '-') {
        refuse(LineProblem::bad_time, std::string(path), "time is not a decimal Unix time");
      } else if (seconds > rules.now + rules.max_future_skew) {
        refuse(
            LineProblem::future_time, std::string(path),
            fmt::format("time {} is {} s ahead of the master's clock", time, seconds - rules.now));
      } else if ((target = rules.target(path)).status == TargetCheck::Status::unknown) {
        refuse(LineProblem::unknown_target, std::string(path), "no such target");
      } else if (target.status == TargetCheck::Status::not_assigned) {
        refuse(LineProblem::not_assigned, std::string(path),
               "target is not assigned to this slave");
      } else {
        std::size_t fields = 1;
        bool values_ok = true;
        std::string_view rest = update;
        while (true) {
          std::size_t colon = rest.find(':');
          std::string_view field = rest.substr(0, colon);
          values_ok = values_ok && (field == "U" || is_number(field));
          if (colon == std::string_view::npos) break;
          ++fields;
          rest.remove_prefix(colon + 1);
        }
        if (fields != static_cast<std::size_t>(target.pings) + 3) {
          refuse(LineProblem::update_field_count, std::string(path),
                 fmt::format("update string has {} fields, expected {} (pings {} + 3)", fields,
                             target.pings + 3, target.pings));
        } else if (!values_ok) {
          refuse(LineProblem::bad_update_value, std::string(path),
                 "update string has a field that is neither U nor a number");
        } else {
          out.accepted.push_back(
              {std::string(path), std::string(time), seconds, std::string(update)});
        }
      }
    }
    if (eol == std::string_view::npos) break;
    data.remove_prefix(eol + 1);
  }
  return out;
}

}  // namespace smokeping::protocol
