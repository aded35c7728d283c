#include "smokeping/web/metrics_exposition.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace smokeping::web {
namespace {

// HELP text escapes only \ and newline.
std::string escape_help(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string metric_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

void Exposition::family(const std::string& name, Type type, std::string_view help) {
  if (!declared_.insert(name).second)
    throw std::logic_error("metric family declared twice: " + name);
  text_ += "# HELP " + name + " " + escape_help(help) + "\n";
  const char* type_name = type == Type::counter   ? " counter\n"
                          : type == Type::summary ? " summary\n"
                                                  : " gauge\n";
  text_ += "# TYPE " + name + type_name;
}

void Exposition::sample(const std::string& name, const MetricLabels& labels, double value) {
  text_ += name;
  if (!labels.empty()) {
    text_ += '{';
    bool first = true;
    for (const auto& [key, val] : labels) {
      if (!first) text_ += ',';
      first = false;
      text_ += key + "=\"" + escape_label_value(val) + '"';
    }
    text_ += '}';
  }
  text_ += ' ' + metric_value(value) + '\n';
}

}  // namespace smokeping::web
