// Classic `loss`/`rtt` alert patterns, checked the way the original's init_alerts checks them
// when the daemon loads a config (config.md §5.1).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/alert_rule.hpp"

namespace smokeping::config {

namespace {

constexpr int kIntMax = std::numeric_limits<int>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_perl_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The pieces of one element as the original's element regex captures them
// (`^(OP)(VALUE)(%?)(?:(OP2)(VALUE2)(%?))?$`).
struct RawElement {
  std::string_view op, value, perc, op2, value2, perc2;
};

// Longest operator first: the regex tries `<` before `<=`, but no value starts with `=`, so its
// backtracking always ends on the longer operator. The second operator of an element has no
// `==`, `!=` or `*`.
std::string_view take_op(std::string_view& s, bool first) {
  size_t n = 0;
  if (s.size() >= 2 && s[1] == '=' &&
      (s[0] == '<' || s[0] == '>' || (first && (s[0] == '=' || s[0] == '!')))) {
    n = 2;
  } else if (!s.empty() && (s[0] == '<' || s[0] == '>' || (first && s[0] == '*'))) {
    n = 1;
  }
  std::string_view op = s.substr(0, n);
  s.remove_prefix(n);
  return op;
}

// `\d+(?:\.\d*)?`
std::string_view take_number(std::string_view& s) {
  size_t n = 0;
  while (n < s.size() && is_digit(s[n])) ++n;
  if (n == 0) return {};
  if (n < s.size() && s[n] == '.') {
    ++n;
    while (n < s.size() && is_digit(s[n])) ++n;
  }
  std::string_view num = s.substr(0, n);
  s.remove_prefix(n);
  return num;
}

std::string_view take_percent(std::string_view& s) {
  if (s.empty() || s[0] != '%') return {};
  s.remove_prefix(1);
  return "%";
}

std::optional<RawElement> split_element(std::string_view e) {
  RawElement r;
  r.op = take_op(e, true);
  if (r.op.empty()) return std::nullopt;
  size_t digits = 0;
  while (digits < e.size() && is_digit(e[digits])) ++digits;
  if (digits < e.size() && e[digits] == '*') {  // `\d*\*`, reached after `\d+...` fails
    r.value = e.substr(0, digits + 1);
    e.remove_prefix(digits + 1);
  } else if (digits > 0) {
    r.value = take_number(e);
  } else if (!e.empty() && (e[0] == 'U' || e[0] == 'S')) {
    r.value = e.substr(0, 1);
    e.remove_prefix(1);
  } else {
    return std::nullopt;
  }
  r.perc = take_percent(e);
  if (!e.empty()) {
    r.op2 = take_op(e, false);
    if (r.op2.empty()) return std::nullopt;
    r.value2 = take_number(e);
    if (r.value2.empty()) return std::nullopt;
    r.perc2 = take_percent(e);
  }
  if (!e.empty()) return std::nullopt;
  return r;
}

// Perl's `split /\s*,\s*/`: the whitespace on both sides of a comma belongs to the separator,
// and trailing empty fields are dropped (so `>1%,` is one element and `,` none).
std::vector<std::string_view> split_elements(std::string_view pattern) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t comma = pattern.find(','); comma != std::string_view::npos;
       comma = pattern.find(',', comma + 1)) {
    size_t end = comma;
    while (end > start && is_perl_space(pattern[end - 1])) --end;
    fields.push_back(pattern.substr(start, end - start));
    start = comma + 1;
    while (start < pattern.size() && is_perl_space(pattern[start])) ++start;
    if (start > comma + 1) comma = start - 1;
  }
  fields.push_back(pattern.substr(start));
  while (!fields.empty() && fields.back().empty()) fields.pop_back();
  return fields;
}

CompareOp to_compare_op(std::string_view op) {
  if (op == "==") return CompareOp::eq;
  if (op == "!=") return CompareOp::ne;
  if (op == "<") return CompareOp::lt;
  if (op == ">") return CompareOp::gt;
  if (op == "<=") return CompareOp::le;
  return CompareOp::ge;
}

// The digits of a Perl integer literal in base 8 or 10 (the caller has checked them).
double integer_value(std::string_view digits, int base) {
  double v = 0;
  for (char c : digits) v = v * base + (c - '0');
  return v;
}

// Perl prints integers it holds exactly as integers and everything else with %.15g.
std::string perl_text(double v) {
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  if (v == std::floor(v) && v < 18446744073709551616.0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// Perl's string-to-number conversion of a concatenation result ("8" "25" -> 825).
double perl_numify(const std::string& s) {
  if (s.rfind("Inf", 0) == 0) return std::numeric_limits<double>::infinity();
  return std::strtod(s.c_str(), nullptr);
}

struct LiteralValue {
  double value = 0;
  std::string error;  // a Perl compile error, empty when the literal is fine
};

// An integer literal made of digits only: octal when it has a leading 0, else decimal.
LiteralValue integer_literal(std::string_view digits) {
  if (digits.size() > 1 && digits[0] == '0') {
    for (char c : digits) {
      if (c == '8' || c == '9') return {0, std::string("Illegal octal digit '") + c + "'"};
    }
    return {integer_value(digits, 8), {}};
  }
  if (digits.size() > 250) return {0, "Number too long"};
  return {integer_value(digits, 10), {}};
}

// The original pastes a loss value into generated Perl source unchanged, so Perl's literal
// rules decide what it compares with: `010` is octal 8, `08` does not compile, `010.25` is the
// octal 010 concatenated with 25 (825), and `3*` or `00.` are syntax errors.
LiteralValue loss_literal(std::string_view v) {
  if (v.find('*') != std::string_view::npos) return {0, "syntax error"};
  size_t dot = v.find('.');
  std::string_view int_part = v.substr(0, dot);
  if (int_part.size() > 1 && int_part[0] == '0') {
    LiteralValue octal = integer_literal(int_part);
    if (!octal.error.empty() || dot == std::string_view::npos) return octal;
    std::string_view frac = v.substr(dot + 1);
    if (frac.empty()) return {0, "syntax error"};
    LiteralValue tail = integer_literal(frac);
    if (!tail.error.empty()) return tail;
    return {perl_numify(perl_text(octal.value) + perl_text(tail.value)), {}};
  }
  std::string_view counted = v;
  if (!counted.empty() && counted.back() == '.') counted.remove_suffix(1);
  if (counted.size() > 250) return {0, "Number too long"};
  return {std::strtod(std::string(v).c_str(), nullptr), {}};
}

// An rtt value is converted from a string (decimal, trailing `*` ignored) and divided by 1000
// before it is pasted into the generated code; only an overflow to Inf breaks that code.
LiteralValue rtt_literal(std::string_view v) {
  double ms = std::strtod(std::string(v).c_str(), nullptr);
  if (std::isinf(ms / 1000))
    return {0, "Bareword \"Inf\" not allowed while \"strict subs\" in use"};
  return {ms, {}};
}

int saturating_add(int a, double b) {
  double sum = static_cast<double>(a) + b;
  return sum >= kIntMax ? kIntMax : static_cast<int>(sum);
}

}  // namespace

ClassicPattern parse_classic_pattern(std::string_view alert_name, AlertType type,
                                     std::string_view pattern) {
  const std::string name(alert_name);
  std::vector<std::string_view> fields = split_elements(pattern);
  ClassicPattern result;
  for (std::string_view f : fields) {
    if (!f.empty() && (f[0] == '!' || f[0] == '=' || f[0] == '<' || f[0] == '>')) {
      ++result.min_length;
    }
  }
  result.max_length = result.min_length;

  // Literal problems only surface when the original compiles the finished code, i.e. after
  // every element passed the checks below; the first one is reported.
  std::string compile_error;
  auto literal = [&](std::string_view v) {
    LiteralValue lit = type == AlertType::loss ? loss_literal(v) : rtt_literal(v);
    if (!lit.error.empty() && compile_error.empty()) compile_error = lit.error;
    return lit.value;
  };

  for (std::string_view f : fields) {
    std::optional<RawElement> raw = split_element(f);
    if (!raw) {
      throw AlertSyntaxError("ERROR: Alert " + name + " pattern entry '" + std::string(f) +
                             "' is invalid");
    }
    PatternElement el;
    if (raw->op == "*") {
      std::string_view v = raw->value;
      if (v.size() < 2 || v[0] == '0' || v.back() != '*') {
        throw AlertSyntaxError(
            "ERROR: multi-match operator * must be followed by Number* in Alert " + name +
            " definition");
      }
      double n = integer_value(v.substr(0, v.size() - 1), 10);
      el.kind = PatternElement::Kind::skip;
      el.skip = n >= kIntMax ? kIntMax : static_cast<int>(n);
      result.max_length = saturating_add(result.max_length, n);
    } else if (raw->value == "U") {
      if (raw->op != "==" && raw->op != "!=") {
        throw AlertSyntaxError("ERROR: invalid operator " + std::string(raw->op) +
                               " in connection U in Alert " + name + " definition");
      }
      el.kind = PatternElement::Kind::unknown;
      el.op = to_compare_op(raw->op);
    } else if (raw->value == "S") {
      if (raw->op != "==") {
        throw AlertSyntaxError("ERROR: S is only valid with == operator in Alert " + name +
                               " definition");
      }
      el.kind = PatternElement::Kind::start;
    } else if (raw->value == "*") {
      if (raw->op != "==") {
        throw AlertSyntaxError("ERROR: operator " + std::string(raw->op) +
                               " makes no sense with * in Alert " + name + " definition");
      }
      el.kind = PatternElement::Kind::any;
    } else {
      if (type == AlertType::matcher) throw AlertSyntaxError("ERROR: unknown alert type matcher");
      const std::string loss_error =
          "ERROR: loss should be specified in % (alert " + name + " pattern)";
      if (type == AlertType::loss && raw->perc != "%") throw AlertSyntaxError(loss_error);
      el.kind = PatternElement::Kind::compare;
      el.op = to_compare_op(raw->op);
      el.value = literal(raw->value);
      if (!raw->op2.empty()) {
        if (type == AlertType::loss && raw->perc2 != "%") throw AlertSyntaxError(loss_error);
        el.has_second = true;
        el.op2 = to_compare_op(raw->op2);
        el.value2 = literal(raw->value2);
      }
    }
    result.elements.push_back(el);
  }

  if (!compile_error.empty()) {
    throw AlertSyntaxError("ERROR: compiling alert pattern " + name + " (" + std::string(pattern) +
                           "): " + compile_error);
  }
  return result;
}

}  // namespace smokeping::config
