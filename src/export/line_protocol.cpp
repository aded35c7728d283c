#include "smokeping/export/line_protocol.hpp"

#include <fmt/format.h>

#include <cmath>

namespace smokeping::exports {

namespace {

std::string escape(std::string_view text, std::string_view specials) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || c == '\r') c = ' ';
    if (c == '\\') {
      bool last = i + 1 == text.size();
      bool before_special = !last && specials.find(text[i + 1]) != std::string_view::npos;
      out += last || before_special ? "\\\\" : "\\";
      continue;
    }
    if (specials.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// Appends ` key=value` pieces; false when the value cannot be written.
bool append_field(std::string& out, const std::string& key, const FieldValue& value) {
  std::string text;
  if (const double* d = std::get_if<double>(&value)) {
    if (!std::isfinite(*d)) return false;
    text = fmt::format("{}", *d);  // shortest round trip; no `i`, so InfluxDB stores a float
  } else if (const std::int64_t* i = std::get_if<std::int64_t>(&value)) {
    text = fmt::format("{}i", *i);
  } else {
    text = quote_string(std::get<std::string>(value));
  }
  if (key.empty()) return false;
  out += escape_key(key);
  out += '=';
  out += text;
  return true;
}

}  // namespace

std::string escape_measurement(std::string_view text) { return escape(text, ", "); }

std::string escape_key(std::string_view text) { return escape(text, ",= "); }

std::string quote_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string encode_line(const Point& point) {
  if (point.measurement.empty()) return "";
  std::string line = escape_measurement(point.measurement);
  for (const auto& [key, value] : point.tags) {
    if (key.empty() || value.empty()) continue;
    line += ',';
    line += escape_key(key);
    line += '=';
    line += escape_key(value);
  }
  char separator = ' ';
  std::size_t before_fields = line.size();
  for (const auto& [key, value] : point.fields) {
    std::string piece(1, separator);
    if (!append_field(piece, key, value)) continue;
    line += piece;
    separator = ',';
  }
  if (line.size() == before_fields) return "";
  line += fmt::format(" {}", point.time);
  return line;
}

}  // namespace smokeping::exports
