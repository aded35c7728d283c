// Perl's sprintf with one numeric argument, for the `format` of a chart. The format comes from
// the config, so it is never handed to printf as it is: each conversion is parsed, checked and
// rebuilt before snprintf sees it.
#include <cmath>
#include <cstdio>
#include <string>

#include "smokeping/web/charts.hpp"

namespace smokeping::web {
namespace {

struct Spec {
  std::string flags;
  int width = -1, precision = -1;
  char conversion = 0;
  std::size_t length = 0;  // characters of the format it took, the `%` included
};

// Parses "%[flags][width][.precision]conversion" at `at`; conversion 0: not one we know.
Spec parse_spec(std::string_view format, std::size_t at) {
  Spec spec;
  std::size_t i = at + 1;
  while (i < format.size() && std::string_view("-+ 0#").find(format[i]) != std::string_view::npos)
    spec.flags.push_back(format[i++]);
  auto number = [&](int& out) {
    std::size_t start = i;
    long value = 0;
    while (i < format.size() && format[i] >= '0' && format[i] <= '9' && i - start < 4)
      value = value * 10 + (format[i++] - '0');
    if (i > start) out = static_cast<int>(value);
  };
  number(spec.width);
  if (i < format.size() && format[i] == '.') {
    ++i;
    spec.precision = 0;
    number(spec.precision);
  }
  if (i < format.size() &&
      std::string_view("diuoxXeEfFgGs").find(format[i]) != std::string_view::npos)
    spec.conversion = format[i++];
  spec.length = i - at;
  return spec;
}

std::string perl_number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Inf" : "Inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

long long perl_integer(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9.2e18) return 9223372036854775807LL;
  if (v <= -9.2e18) return -9223372036854775807LL - 1;
  return static_cast<long long>(v);
}

std::string apply(const Spec& spec, const double* value) {
  std::string printf_spec = "%" + spec.flags;
  if (spec.width >= 0) printf_spec += std::to_string(spec.width);
  if (spec.precision >= 0) printf_spec += "." + std::to_string(spec.precision);
  const double v = value ? *value : 0.0;
  char buf[512];
  switch (spec.conversion) {
    case 'd':
    case 'i':
      std::snprintf(buf, sizeof buf, (printf_spec + "lld").c_str(), perl_integer(v));
      break;
    case 'u':
    case 'o':
    case 'x':
    case 'X':
      std::snprintf(buf, sizeof buf, (printf_spec + "ll" + spec.conversion).c_str(),
                    static_cast<unsigned long long>(perl_integer(v)));
      break;
    case 's': {
      std::string text = value ? perl_number_text(v) : std::string();
      std::snprintf(buf, sizeof buf, (printf_spec + "s").c_str(), text.c_str());
      break;
    }
    default:
      std::snprintf(buf, sizeof buf, (printf_spec + spec.conversion).c_str(), v);
  }
  return buf;
}

}  // namespace

std::string perl_format_number(std::string_view format, double value) {
  std::string out;
  bool used = false;
  std::size_t i = 0;
  while (i < format.size()) {
    if (format[i] != '%') {
      out.push_back(format[i++]);
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '%') {
      out.push_back('%');
      i += 2;
      continue;
    }
    Spec spec = parse_spec(format, i);
    if (spec.conversion == 0) {
      out.append(format.substr(i, spec.length));
    } else {
      out += apply(spec, used ? nullptr : &value);
      used = true;
    }
    i += spec.length;
  }
  return out;
}

}  // namespace smokeping::web
