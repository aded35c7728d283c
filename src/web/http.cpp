#include "smokeping/web/http.hpp"

#include <fmt/format.h>
#include <strings.h>

namespace smokeping::web {

std::string_view Request::var(std::string_view name) const {
  auto it = env.find(name);
  return it == env.end() ? std::string_view{} : std::string_view{it->second};
}

std::string_view Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return {};
}

Response text_response(int status, std::string body) {
  return Response{status, {{"Content-Type", "text/plain"}}, std::move(body)};
}

std::string status_line(int status) {
  std::string_view reason;
  switch (status) {
    case 200:
      reason = "OK";
      break;
    case 304:
      reason = "Not Modified";
      break;
    case 400:
      reason = "Bad Request";
      break;
    case 403:
      reason = "Forbidden";
      break;
    case 404:
      reason = "Not Found";
      break;
    case 405:
      reason = "Method Not Allowed";
      break;
    case 413:
      reason = "Payload Too Large";
      break;
    case 500:
      reason = "Internal Server Error";
      break;
    case 501:
      reason = "Not Implemented";
      break;
    case 503:
      reason = "Service Unavailable";
      break;
    default:
      reason = status < 400 ? "OK" : (status < 500 ? "Bad Request" : "Internal Server Error");
  }
  return fmt::format("{} {}", status, reason);
}

std::string cgi_response_bytes(const Response& response) {
  std::string out = fmt::format("Status: {}\r\n", status_line(response.status));
  for (const auto& [key, value] : response.headers) out += fmt::format("{}: {}\r\n", key, value);
  out += "\r\n";
  out += response.body;
  return out;
}

}  // namespace smokeping::web
