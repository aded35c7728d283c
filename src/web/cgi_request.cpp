#include "smokeping/web/cgi_request.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <exception>
#include <vector>

namespace smokeping::web {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

// CONTENT_LENGTH: absent or empty is 0; otherwise decimal digits only (no sign, no spaces).
bool parse_length(std::string_view text, std::size_t& length) {
  length = 0;
  if (text.empty()) return true;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
  return ec == std::errc() && end == text.data() + text.size();
}

// Reads and drops up to `count` bytes; false when the stream ended first.
bool drain(const BodyReader& read, std::size_t count) {
  std::vector<char> scratch(std::min(count, kChunk));
  while (count > 0) {
    std::size_t n = read(scratch.data(), std::min(count, scratch.size()));
    if (n == 0) return false;
    count -= std::min(n, count);
  }
  return true;
}

}  // namespace

Request request_from_env(const char* const* envp) {
  Request request;
  for (; envp != nullptr && *envp != nullptr; ++envp) {
    const char* eq = std::strchr(*envp, '=');
    if (eq == nullptr) continue;
    request.env.emplace(std::string(*envp, eq), std::string(eq + 1));  // keeps the first
  }
  return request;
}

BodyRead read_body(Request& request, const BodyReader& read, std::size_t limit,
                   std::size_t drain_limit) {
  std::size_t length = 0;
  if (!parse_length(request.var("CONTENT_LENGTH"), length)) return BodyRead::bad_length;
  const std::size_t keep = std::min(length, limit);
  request.body.assign(keep, '\0');
  std::size_t got = 0;
  while (got < keep) {
    std::size_t n = read(request.body.data() + got, keep - got);
    if (n == 0) break;
    got += std::min(n, keep - got);
  }
  request.body.resize(got);
  if (got < keep) return BodyRead::short_body;
  if (length > limit) {
    request.body_truncated = true;
    std::size_t rest = length - limit;
    if (rest <= drain_limit) drain(read, rest);
    return BodyRead::truncated;
  }
  return BodyRead::complete;
}

Response bad_length_response(std::string_view content_length) {
  std::string shown(content_length.substr(0, 40));
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  return text_response(400, fmt::format("ERROR: CONTENT_LENGTH '{}' is not a number\n", shown));
}

Response respond(const Handler& handler, const Request& request, spdlog::logger& log) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    log.error("request failed method={} uri={} err={}", request.var("REQUEST_METHOD"),
              request.var("REQUEST_URI"), e.what());
  } catch (...) {
    log.error("request failed method={} uri={} err=unknown exception",
              request.var("REQUEST_METHOD"), request.var("REQUEST_URI"));
  }
  return text_response(500,
                       "ERROR: smokeping.cgi failed on this request; the web server's error log "
                       "says why.\n");
}

}  // namespace smokeping::web
