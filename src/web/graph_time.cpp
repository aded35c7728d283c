#include "smokeping/web/graph_time.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <regex>

namespace smokeping::web {

namespace {

std::tm local_tm(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return tm;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The digits that directly precede the first `unit` that has any, as in /(\d+)m/.
std::optional<std::string> number_before(std::string_view s, char unit) {
  for (std::size_t at = s.find(unit); at != std::string_view::npos; at = s.find(unit, at + 1)) {
    std::size_t begin = at;
    while (begin > 0 && is_digit(s[begin - 1])) --begin;
    if (begin < at) return std::string(s.substr(begin, at - begin));
  }
  return std::nullopt;
}

// The original replaces these before it looks at a request value.
std::string replace_bad_characters(std::string_view in) {
  std::string out(in);
  for (char& c : out) {
    if (c == '<' || c == '>' || c == '%' || c == '&' || c == '\'' || c == '"' || c == ';') c = '_';
  }
  return out;
}

bool in_at_style_class(char c) {
  return (c >= ' ' && c <= ':') || (c >= 'a' && c <= 'z') || is_digit(c);
}

}  // namespace

std::string exp2seconds(std::string_view span, bool seconds_unit) {
  if (seconds_unit) {
    if (auto digits = number_before(span, 's')) return *digits;
  }
  struct Unit {
    char letter;
    long long seconds;
  };
  static constexpr std::array<Unit, 5> kUnits{
      {{'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}, {'y', 31536000}}};
  for (const Unit& unit : kUnits) {
    if (auto digits = number_before(span, unit.letter)) {
      // Perl turns a long run of digits into a float; keep the text's value in a double too.
      double n = std::strtod(digits->c_str(), nullptr) * static_cast<double>(unit.seconds);
      return perl_number_text(n);
    }
  }
  return std::string(span);
}

std::string parse_datetime(std::string_view raw, std::int64_t now) {
  const std::string in = replace_bad_characters(raw);
  const std::string now_text = std::to_string(now);
  if (!in.empty() && std::all_of(in.begin(), in.end(), is_digit)) {
    return std::strtod(in.c_str(), nullptr) > 4294967296.0 ? now_text : in;
  }
  static const std::regex kDate(
      R"(^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$)");
  std::smatch m;
  if (std::regex_match(in, m, kDate)) {
    auto field = [&](int i) { return m[i].matched ? std::stoi(m[i].str()) : 0; };
    std::tm tm{};
    tm.tm_year = field(1) - 1900;
    tm.tm_mon = field(2) - 1;
    tm.tm_mday = field(3);
    tm.tm_hour = field(4);
    tm.tm_min = field(5);
    tm.tm_sec = field(6);
    tm.tm_isdst = -1;  // let mktime decide, as POSIX::mktime(..., -1) does
    std::time_t t = std::mktime(&tm);
    return t == static_cast<std::time_t>(-1) ? std::string() : std::to_string(t);
  }
  if (in == "now") return now_text;
  auto begin = std::find_if(in.begin(), in.end(), in_at_style_class);
  if (begin == in.end()) return now_text;
  auto end = std::find_if_not(begin, in.end(), in_at_style_class);
  return std::string(begin, end);
}

std::string ctime_text(std::int64_t t) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::tm tm = local_tm(t);
  return fmt::format("{} {} {:2} {:02}:{:02}:{:02} {}", kDays.at(tm.tm_wday % 7),
                     kMonths.at(tm.tm_mon % 12), tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     tm.tm_year + 1900);
}

std::string graph_date(std::int64_t t, const std::string& format) {
  std::string date;
  if (format.empty()) {
    date = ctime_text(t);
  } else {
    const std::tm tm = local_tm(t);
    std::array<char, 512> buffer{};
    date.assign(buffer.data(), std::strftime(buffer.data(), buffer.size(), format.c_str(), &tm));
  }
  std::string escaped;
  for (char c : date) {
    if (c == ':') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::string minute_text(std::int64_t t) {
  const std::tm tm = local_tm(t);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min);
}

std::string perl_number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  if (v == 0) return "0";  // also -0, which Perl prints as 0
  std::array<char, 64> buffer{};
  int n = std::snprintf(buffer.data(), buffer.size(), "%.15g", v);
  return std::string(buffer.data(), static_cast<std::size_t>(n));
}

double perl_numify(std::string_view s) {
  std::size_t at = 0;
  while (at < s.size() && std::isspace(static_cast<unsigned char>(s[at]))) ++at;
  std::string rest(s.substr(at));
  std::string lower;
  for (char c : rest) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view body(lower);
  bool negative = false;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body.starts_with("nan")) return std::nan("");
  if (body.starts_with("inf")) return negative ? -HUGE_VAL : HUGE_VAL;
  // strtod would also read hex ("0x10") and "infinity"; Perl reads only decimals.
  std::size_t end = 0;
  const std::string_view digits_etc(rest);
  auto digits = [&](std::size_t i) {
    while (i < digits_etc.size() && is_digit(digits_etc[i])) ++i;
    return i;
  };
  if (end < digits_etc.size() && (digits_etc[end] == '-' || digits_etc[end] == '+')) ++end;
  std::size_t int_end = digits(end);
  std::size_t frac_end = int_end;
  if (frac_end < digits_etc.size() && digits_etc[frac_end] == '.') frac_end = digits(frac_end + 1);
  if (frac_end == end || (frac_end == end + 1 && digits_etc[end] == '.')) return 0;
  std::size_t exp_end = frac_end;
  if (exp_end < digits_etc.size() && (digits_etc[exp_end] == 'e' || digits_etc[exp_end] == 'E')) {
    std::size_t e = exp_end + 1;
    if (e < digits_etc.size() && (digits_etc[e] == '-' || digits_etc[e] == '+')) ++e;
    std::size_t e_end = digits(e);
    if (e_end > e) exp_end = e_end;
  }
  return std::strtod(std::string(digits_etc.substr(0, exp_end)).c_str(), nullptr);
}

}  // namespace smokeping::web
