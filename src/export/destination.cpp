#include <fmt/format.h>

#include <cctype>

#include "smokeping/export/influx_transport.hpp"

namespace smokeping::exports {

namespace {

std::string percent_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

std::optional<Destination> destination(const std::optional<config::InfluxDb>& section) {
  if (!section) return std::nullopt;
  // An IPv6 address needs brackets in a URL; a name or IPv4 address must not have them.
  const std::string& host = section->host;
  bool bare_v6 = host.find(':') != std::string::npos && !host.starts_with('[');
  Destination d;
  d.url = fmt::format("http://{}{}{}:{}/write?db={}&precision=ms", bare_v6 ? "[" : "", host,
                      bare_v6 ? "]" : "", section->port, percent_encode(section->database));
  d.username = section->username;
  d.password = section->password;
  d.timeout = std::chrono::seconds(section->timeout);
  return d;
}

}  // namespace smokeping::exports
