#include "smokeping/web/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace smokeping::web {
namespace {

// The length of the well-formed UTF-8 sequence of two or more bytes at `text[at]` (Unicode's
// table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), 0 when there is none.
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
  auto byte = [&](std::size_t i) -> unsigned {
    return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0u;
  };
  auto tail = [&](std::size_t i) { return (byte(i) & 0xC0u) == 0x80u; };
  const unsigned lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) return tail(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned second = byte(1);
    const bool ok_second = lead == 0xE0   ? second >= 0xA0 && second <= 0xBF
                           : lead == 0xED ? second >= 0x80 && second <= 0x9F
                                          : tail(1);
    return ok_second && tail(2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned second = byte(1);
    const bool ok_second = lead == 0xF0   ? second >= 0x90 && second <= 0xBF
                           : lead == 0xF4 ? second >= 0x80 && second <= 0x8F
                                          : tail(1);
    return ok_second && tail(2) && tail(3) ? 4 : 0;
  }
  return 0;
}

}  // namespace

std::string json_string(std::string_view text) {
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20) {
          out += fmt::format("\\u{:04x}", byte);
        } else if (byte < 0x80) {
          out.push_back(c);
        } else if (std::size_t length = utf8_sequence(text, i)) {
          out.append(text.substr(i, length));
          i += length - 1;
        } else {
          // A client's stray byte (format=%FF) must not make the whole answer invalid JSON.
          out += "\\ufffd";
        }
      }
    }
  }
  out.push_back('"');
  return out;
}

std::string json_number(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return "null";
  return fmt::format("{}", *value);  // fmt's default is the shortest round-trip form
}

std::string json_error(std::string_view message) {
  return "{\"error\":" + json_string(message) + "}\n";
}

}  // namespace smokeping::web
