// Fuzz inputs that are raw HTTP requests, as a web server receives them: a request line, header
// lines, an empty line and the body. The captures of ../shared/reference/protocol are such
// files, so they seed the targets unchanged. Lines may end in CRLF or LF; a missing part is
// empty.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace smokeping::fuzz {

struct HttpInput {
  std::string_view method;
  std::string_view path;   // the request target before '?'
  std::string_view query;  // after the first '?', "" without one
  std::vector<std::pair<std::string_view, std::string_view>> headers;  // in input order
  std::string_view body;

  // The first header `name` (ASCII case-insensitive), "" when absent.
  std::string_view header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() != name.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < key.size() && same; ++i) same = lower(key[i]) == lower(name[i]);
      if (same) return value;
    }
    return {};
  }

  static char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
};

namespace detail {

// The next line of `rest` without its LF or CRLF; false at the end of the input.
inline bool next_line(std::string_view& rest, std::string_view& line) {
  if (rest.empty()) return false;
  std::size_t nl = rest.find('\n');
  line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace detail

inline HttpInput split_http_request(std::string_view bytes) {
  HttpInput in;
  std::string_view rest = bytes;
  std::string_view line;
  if (!detail::next_line(rest, line)) return in;
  std::size_t space = line.find(' ');
  in.method = line.substr(0, space);
  if (space != std::string_view::npos) {
    std::string_view target = line.substr(space + 1);
    target = target.substr(0, target.find(' '));
    std::size_t question = target.find('?');
    in.path = target.substr(0, question);
    if (question != std::string_view::npos) in.query = target.substr(question + 1);
  }
  while (detail::next_line(rest, line) && !line.empty()) {
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    in.headers.emplace_back(line.substr(0, colon), detail::trim_blanks(line.substr(colon + 1)));
  }
  in.body = rest;
  return in;
}

}  // namespace smokeping::fuzz
