// Matcher and chart sorter calls (`Name(key=>value, ...)`), checked the way the original checks
// them when it loads a config (config.md §5.2, §5.4). The original evaluates the argument list
// as Perl code; this accepts the part of Perl that configs use (see parse_perl_list).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smokeping/config/alert_rule.hpp"

namespace smokeping::config {

namespace {

// What Perl would have put in $@ while evaluating the call, without its " at (eval N) line 1."
class PerlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_word(char c) { return is_word_start(c) || is_digit(c); }
bool is_perl_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_binary(char c) { return c == '0' || c == '1'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  return (c | 0x20) - 'a' + 10;
}

// The original's `(\S+)\((.+)\)`, unanchored: the leftmost start wins, then the longest name
// (so a name may itself contain `(`), then the longest argument text (`.` stops at newlines).
std::optional<std::pair<std::string_view, std::string_view>> split_call(std::string_view text) {
  // Whether a `(` works does not depend on where the name starts, so a run of non-blanks that
  // fails from its first character fails from every later one too.
  for (size_t start = 0; start < text.size();) {
    if (is_perl_space(text[start])) {
      ++start;
      continue;
    }
    size_t run_end = start;
    while (run_end < text.size() && !is_perl_space(text[run_end])) ++run_end;
    for (size_t paren = run_end; paren-- > start + 1;) {
      if (text[paren] != '(') continue;
      size_t line_end = text.find('\n', paren + 1);
      if (line_end == std::string_view::npos) line_end = text.size();
      size_t close = text.rfind(')', line_end - 1);
      if (close == std::string_view::npos || close < paren + 2) continue;
      return std::pair{text.substr(start, paren - start),
                       text.substr(paren + 1, close - paren - 1)};
    }
    start = run_end;
  }
  return std::nullopt;
}

// A number as Perl holds it: exact integers print as integers, the rest with %.15g.
struct PerlNumber {
  bool is_int = true;
  uint64_t u = 0;
  double nv = 0;
};

std::string perl_text(const PerlNumber& n) {
  if (n.is_int) return std::to_string(n.u);
  if (n.nv == 0) return "0";
  if (std::isinf(n.nv)) return n.nv > 0 ? "Inf" : "-Inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", n.nv);
  return buf;
}

// Digits of one base; overflow turns the value into a float as in Perl.
PerlNumber integer_in_base(std::string_view digits, unsigned base) {
  PerlNumber n;
  for (char c : digits) {
    unsigned d = static_cast<unsigned>(hex_value(c));
    if (n.is_int && n.u > (std::numeric_limits<uint64_t>::max() - d) / base) {
      n.is_int = false;
      n.nv = static_cast<double>(n.u);
    }
    if (n.is_int) {
      n.u = n.u * base + d;
    } else {
      n.nv = n.nv * base + d;
    }
  }
  return n;
}

// Reads characters accepted by `ok` and `_`, returning them without the underscores.
std::string take_digits(std::string_view s, size_t& i, bool (*ok)(char)) {
  std::string out;
  for (; i < s.size() && (ok(s[i]) || s[i] == '_'); ++i) {
    if (s[i] != '_') out += s[i];
  }
  return out;
}

// One Perl numeric literal at s[i] (a digit, or `.` before a digit), returned as the string
// Perl makes of it: `1.50` -> "1.5", `010` -> "8", `0x10` -> "16", `1e2` -> "100".
std::string scan_number(std::string_view s, size_t& i) {
  if (s[i] == '0' && i + 1 < s.size() && std::string_view("xXbB").find(s[i + 1]) != s.npos) {
    bool hex = s[i + 1] == 'x' || s[i + 1] == 'X';
    i += 2;
    std::string digits = take_digits(s, i, hex ? is_hex : is_binary);
    return perl_text(integer_in_base(digits, hex ? 16 : 2));
  }
  if (s[i] == '0' && i + 1 < s.size() && (is_digit(s[i + 1]) || s[i + 1] == '_')) {
    std::string digits = take_digits(s, i, is_digit);
    for (char c : digits) {
      if (c == '8' || c == '9') throw PerlError(std::string("Illegal octal digit '") + c + "'");
    }
    std::string text = perl_text(integer_in_base(digits, 8));
    // `010.5` is the octal literal concatenated with the literal after the dot.
    if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
      ++i;
      text += scan_number(s, i);
    }
    return text;
  }
  std::string mantissa = take_digits(s, i, is_digit);
  bool is_float = false;
  if (i < s.size() && s[i] == '.' && !(i + 1 < s.size() && s[i + 1] == '.')) {
    is_float = true;
    mantissa += s[i++];
    mantissa += take_digits(s, i, is_digit);
    if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
      throw PerlError("version strings like 1.2.3 are not supported");
    }
  }
  size_t digit_count = mantissa.size() - (mantissa.find('.') != std::string::npos ? 1 : 0);
  if (digit_count > 250) throw PerlError("Number too long");
  std::string exponent;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    std::string sign;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) sign = s[j++];
    if (j < s.size() && is_digit(s[j])) {
      exponent = "e" + sign + take_digits(s, j, is_digit);
      i = j;
      is_float = true;
    }
  }
  if (!is_float) return perl_text(integer_in_base(mantissa, 10));
  PerlNumber n;
  n.is_int = false;
  n.nv = std::strtod((mantissa + exponent).c_str(), nullptr);
  return perl_text(n);
}

std::string negate(const std::string& number_text) {
  if (number_text == "0") return number_text;
  if (number_text[0] == '-') return number_text.substr(1);
  return "-" + number_text;
}

// `\xHH` or `\x{H...}` after the `\x` at s[i].
char hex_escape(std::string_view s, size_t& i) {
  unsigned code = 0;
  if (i < s.size() && s[i] == '{') {
    size_t close = s.find('}', i);
    if (close == s.npos) throw PerlError("Missing right brace on \\x{}");
    for (size_t k = i + 1; k < close; ++k) {
      if (is_hex(s[k])) code = std::min(code * 16 + hex_value(s[k]), 0x110000u);
    }
    i = close + 1;
  } else {
    for (int k = 0; k < 2 && i < s.size() && is_hex(s[i]); ++k) {
      code = code * 16 + hex_value(s[i++]);
    }
  }
  // Wide characters would make Perl's \d match non-ASCII digits; no valid value needs them.
  if (code > 0x7f) throw PerlError("non-ASCII \\x escapes are not supported");
  return static_cast<char>(code);
}

// A quoted string starting at s[i] (which is ' or "). Double quotes take the escapes a number
// or comparator could be written with; interpolation is refused since no valid value has `$`/`@`.
std::string scan_string(std::string_view s, size_t& i) {
  const char quote = s[i++];
  std::string out;
  while (true) {
    if (i >= s.size()) {
      throw PerlError(quote == '\'' ? "Can't find string terminator \"'\" anywhere before EOF"
                                    : "Can't find string terminator '\"' anywhere before EOF");
    }
    char c = s[i++];
    if (c == quote) return out;
    if (quote == '"' && (c == '$' || c == '@')) {
      throw PerlError(std::string("variable interpolation (") + c +
                      ") in double-quoted strings is not supported");
    }
    if (c != '\\' || i >= s.size()) {
      out += c;
      continue;
    }
    char e = s[i++];
    if (quote == '\'') {
      if (e != '\\' && e != '\'') out += '\\';
      out += e;
      continue;
    }
    static constexpr std::string_view kLetters = "tnrfae";
    static constexpr std::string_view kControls = "\t\n\r\f\a\x1b";
    if (size_t k = kLetters.find(e); k != kLetters.npos) {
      out += kControls[k];
    } else if (e == 'x') {
      out += hex_escape(s, i);
    } else if (is_word(e)) {
      throw PerlError(std::string("the escape \\") + e + " is not supported");
    } else {
      out += e;
    }
  }
}

// The argument list of `Name->new(ARGS)`: a comma (or `=>`) separated list of numbers, quoted
// strings and barewords quoted by a following `=>` (also `-word`), which is what real configs
// write. Anything else that Perl would evaluate (expressions, q{}, variables) is refused.
std::vector<std::string> parse_perl_list(std::string_view s) {
  std::vector<std::string> items;
  bool after_separator = true;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && is_perl_space(s[i])) ++i;
  };
  auto fat_comma_follows = [&](size_t at) {
    while (at < s.size() && is_perl_space(s[at])) ++at;
    return s.substr(at, 2) == "=>";
  };
  while (true) {
    skip_space();
    if (i >= s.size()) break;
    bool separator = s[i] == ',' || s.substr(i, 2) == "=>";
    if (separator) {
      if (items.empty()) throw PerlError("syntax error near \"" + std::string(s.substr(i)) + "\"");
      i += s[i] == ',' ? 1 : 2;
      after_separator = true;
      continue;
    }
    if (!after_separator) {
      throw PerlError("syntax error near \"" + std::string(s.substr(i)) + "\"");
    }
    const size_t item_start = i;
    bool negative = false;
    if ((s[i] == '-' || s[i] == '+') && i + 1 < s.size()) {
      negative = s[i] == '-';
      ++i;
      skip_space();
    }
    char c = i < s.size() ? s[i] : '\0';
    if (is_digit(c) || (c == '.' && i + 1 < s.size() && is_digit(s[i + 1]))) {
      std::string n = scan_number(s, i);
      items.push_back(negative ? negate(n) : n);
    } else if ((c == '\'' || c == '"') && i == item_start) {
      items.push_back(scan_string(s, i));
    } else if (is_word_start(c) && (i == item_start || (negative && i == item_start + 1))) {
      size_t end = i;
      while (end < s.size() && is_word(s[end])) ++end;
      std::string word(s.substr(i, end - i));
      if (!negative && !fat_comma_follows(end)) {
        throw PerlError("Bareword \"" + word + "\" not allowed while \"strict subs\" in use");
      }
      items.push_back(negative ? "-" + word : word);
      i = end;
    } else {
      throw PerlError("unsupported Perl syntax near \"" + std::string(s.substr(item_start)) +
                      "\" (use key=>value pairs with numbers or quoted strings)");
    }
    after_separator = false;
  }
  return items;
}

// Pairs up the list the way `{ @_ }` does: a later duplicate key replaces the value but keeps
// its place, and a missing last value is undef, which no key pattern accepts.
std::vector<std::pair<std::string, std::string>> to_pairs(const std::vector<std::string>& items) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t k = 0; k < items.size(); k += 2) {
    std::string value = k + 1 < items.size() ? items[k + 1] : std::string();
    auto same = std::find_if(pairs.begin(), pairs.end(),
                             [&](const auto& p) { return p.first == items[k]; });
    if (same != pairs.end()) {
      same->second = std::move(value);
    } else {
      pairs.emplace_back(items[k], std::move(value));
    }
  }
  return pairs;
}

// The argument patterns, matched as the modules do (`m/^$regex$/`, where `$` also matches
// before a final newline).
enum class ValueRule { digits, decimal, comparator };

bool all_digits(std::string_view v) {
  return !v.empty() && std::all_of(v.begin(), v.end(), is_digit);
}

bool value_matches(ValueRule rule, std::string_view v) {
  if (!v.empty() && v.back() == '\n') v.remove_suffix(1);
  switch (rule) {
    case ValueRule::digits:
      return all_digits(v);
    case ValueRule::decimal: {
      size_t dot = v.find('.');
      return all_digits(v.substr(0, dot)) && (dot == v.npos || all_digits(v.substr(dot + 1)));
    }
    case ValueRule::comparator:
      return v == "<" || v == ">" || v == "<=" || v == ">=" || v == "==";
  }
  return false;
}

struct KeyRule {
  std::string_view key;
  ValueRule rule;
};

// How a matcher's Length() combines its keys (an absent key counts as 0, as undef does).
enum class LengthRule { sum, max };

struct CallDef {
  std::string_view name;
  std::vector<KeyRule> keys;
  std::vector<std::string_view> length_keys;
  LengthRule length_rule = LengthRule::sum;
  bool needs_comparator = false;  // Avgratio/Medratio compile `$a COMPARATOR $b` in new()
};

const std::vector<CallDef>& matcher_defs() {
  using enum ValueRule;
  static const std::vector<KeyRule> ratio_keys = {{"historic", digits},
                                                  {"current", digits},
                                                  {"comparator", comparator},
                                                  {"percentage", decimal}};
  static const std::vector<KeyRule> l_x_keys = {{"l", digits}, {"x", digits}};
  static const std::vector<CallDef> defs = {
      {"Avgratio", ratio_keys, {"historic", "current"}, LengthRule::sum, true},
      {"Medratio", ratio_keys, {"historic", "current"}, LengthRule::sum, true},
      {"Median", {{"old", digits}, {"new", digits}, {"diff", decimal}}, {"old", "new"}},
      {"CheckLatency", l_x_keys, {"x"}},
      {"CheckLoss", l_x_keys, {"x"}},
      {"ExpLoss",
       {{"hist", digits},
        {"rising", decimal},
        {"falling", decimal},
        {"skip", digits},
        {"fast", digits}},
       {"hist"}},
      {"ConsecutiveLoss",
       {{"pctlossraise", digits},
        {"stepsraise", digits},
        {"pctlossclear", digits},
        {"stepsclear", digits}},
       {"stepsraise", "stepsclear"},
       LengthRule::max},
  };
  return defs;
}

const std::vector<CallDef>& sorter_defs() {
  static const std::vector<CallDef> defs = {
      {"Loss", {{"entries", ValueRule::digits}}, {}},
      {"Max", {{"entries", ValueRule::digits}}, {}},
      {"Median", {{"entries", ValueRule::digits}}, {}},
      {"StdDev", {{"entries", ValueRule::digits}}, {}},
  };
  return defs;
}

const CallDef* find_def(const std::vector<CallDef>& defs, std::string_view name) {
  for (const CallDef& d : defs) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

// Evaluates `ARGS` and runs the base class's key checks; throws PerlError with the module's text.
CallSpec instantiate(const CallDef& def, std::string_view args, std::string_view kind) {
  CallSpec call{std::string(def.name), to_pairs(parse_perl_list(args))};
  for (const auto& arg : call.args) {
    const std::string& key = arg.first;
    const std::string& value = arg.second;
    auto rule = std::find_if(def.keys.begin(), def.keys.end(),
                             [&](const KeyRule& r) { return r.key == key; });
    if (rule == def.keys.end()) {
      throw PerlError("key '" + key + "' is not known by this " + std::string(kind));
    }
    if (!value_matches(rule->rule, value)) {
      throw PerlError("key '" + key + "' contains invalid data: '" + value + "'");
    }
  }
  if (def.needs_comparator && std::none_of(call.args.begin(), call.args.end(),
                                           [](const auto& p) { return p.first == "comparator"; })) {
    throw PerlError("compiling comparator : syntax error");
  }
  return call;
}

int history_length(const CallDef& def, const CallSpec& call) {
  double length = 0;
  for (std::string_view key : def.length_keys) {
    double v = 0;
    for (const auto& [k, value] : call.args) {
      if (k == key) v = std::strtod(value.c_str(), nullptr);
    }
    length = def.length_rule == LengthRule::sum ? length + v : std::max(length, v);
  }
  // Values are digit strings of any length; beyond int they are a config mistake anyway.
  return length >= std::numeric_limits<int>::max() ? std::numeric_limits<int>::max()
                                                   : static_cast<int>(length);
}

bool starts_with_capital(std::string_view name) {
  return !name.empty() && name[0] >= 'A' && name[0] <= 'Z';
}

}  // namespace

// The original's messages put the argument text and Perl's error on lines of their own; ours are
// single lines, so each of those line breaks becomes a space.
MatcherRule parse_matcher(std::string_view alert_name, std::string_view pattern) {
  auto parts = split_call(pattern);
  if (!parts) {
    // The original names `$_` here, which is not the element at that point: it prints ''.
    throw AlertSyntaxError("ERROR: Alert " + std::string(alert_name) +
                           " pattern entry '' is invalid");
  }
  const std::string name(parts->first);
  if (!starts_with_capital(name)) {
    throw AlertSyntaxError("ERROR: matcher " + name +
                           ": all matchers start with a capital letter since version 2.0");
  }
  const CallDef* def = find_def(matcher_defs(), name);
  if (def == nullptr) {
    throw AlertSyntaxError("Matcher '" + name + "' could not be loaded: no such matcher");
  }
  try {
    MatcherRule rule;
    rule.call = instantiate(*def, parts->second, "matcher");
    rule.history_length = history_length(*def, rule.call);
    return rule;
  } catch (const PerlError& e) {
    throw AlertSyntaxError("ERROR: Matcher '" + name +
                           "' could not be instantiated with arguments " +
                           std::string(parts->second) + ": " + e.what());
  }
}

CallSpec parse_sorter(std::string_view sorter) {
  auto parts = split_call(sorter);
  // Without a match the original goes on with an undefined name, which fails the capital test.
  const std::string name = parts ? std::string(parts->first) : std::string();
  if (!starts_with_capital(name)) {
    throw AlertSyntaxError("ERROR: sorter " + name + ": all sorters start with a capital letter");
  }
  const CallDef* def = find_def(sorter_defs(), name);
  if (def == nullptr) {
    throw AlertSyntaxError("Sorter '" + name + "' could not be loaded: no such sorter");
  }
  try {
    return instantiate(*def, parts->second, "sorter");
  } catch (const PerlError& e) {
    throw AlertSyntaxError("ERROR: sorter " + name + ": instantiation with Smokeping::sorters::" +
                           name + "->new(" + std::string(parts->second) + "): " + e.what());
  }
}

}  // namespace smokeping::config
