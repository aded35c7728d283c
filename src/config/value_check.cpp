#include "smokeping/config/value_check.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace smokeping::config {

namespace {

bool perl_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool starts_with_nocase(std::string_view s, std::string_view word) {
  if (s.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != word[i]) return false;
  }
  return true;
}

}  // namespace

double perl_number(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && perl_space(text[i])) ++i;
  size_t start = i;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::string_view rest = text.substr(i);
  bool negative = start < text.size() && text[start] == '-';
  if (starts_with_nocase(rest, "inf")) {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (starts_with_nocase(rest, "nan")) return std::numeric_limits<double>::quiet_NaN();

  // Take the longest prefix of the form digits[.digits][e[sign]digits]; strtod alone would
  // also accept hexadecimal, which Perl does not.
  size_t j = i;
  size_t digits = 0;
  while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j, ++digits;
  if (j < text.size() && text[j] == '.') {
    ++j;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j, ++digits;
  }
  if (digits == 0) return 0;
  if (j < text.size() && (text[j] == 'e' || text[j] == 'E')) {
    size_t k = j + 1;
    if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
    size_t exp_digits = 0;
    while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) ++k, ++exp_digits;
    if (exp_digits > 0) j = k;
  }
  std::string number(text.substr(start, j - start));
  return std::strtod(number.c_str(), nullptr);
}

namespace checks {

std::optional<std::string> integer_at_least_1(std::string_view v, const CheckEnv&) {
  double n = perl_number(v);
  if (n >= 1 && n == std::floor(n)) return std::nullopt;
  return "must be an integer >= 1";
}

std::optional<std::string> pings_at_least_3(std::string_view v, const CheckEnv&) {
  if (perl_number(v) < 3) return "ERROR: The pings value must be at least 3.";
  return std::nullopt;
}

std::optional<std::string> directory_exists(std::string_view v, const CheckEnv& env) {
  if (!env.check_paths) return std::nullopt;
  struct stat st {};
  std::string path(v);
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return std::nullopt;
  return fmt::format("Directory '{}' does not exist", v);
}

std::optional<std::string> regular_file_exists(std::string_view v, const CheckEnv& env) {
  if (!env.check_paths) return std::nullopt;
  struct stat st {};
  std::string path(v);
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return std::nullopt;
  return fmt::format("File '{}' does not exist", v);
}

bool is_executable_file(std::string_view path) {
  std::string p(path);
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

}  // namespace checks
}  // namespace smokeping::config
