// One request to smokeping.cgi and its answer, independent of how they travel (FastCGI or
// plain CGI): the CGI variables the pages and the slave endpoint read, the body, and the
// response they build.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smokeping::web {

// The largest request body the CGI reads (CGI.pm has no limit, master-slave.md §12 W5): a
// slave's post of 16 MiB holds about 100,000 result lines.
inline constexpr std::size_t kMaxBodyBytes = std::size_t{16} << 20;

struct Request {
  // The CGI/1.1 variables as the web server passed them: REQUEST_METHOD, QUERY_STRING,
  // CONTENT_TYPE, SCRIPT_NAME, REQUEST_URI, REMOTE_ADDR, REMOTE_USER, SERVER_SOFTWARE ...
  std::map<std::string, std::string, std::less<>> env;
  std::string body;  // at most the endpoint's body limit; see body_truncated
  // The body was longer than the limit and was not read whole (HTTP 413).
  bool body_truncated = false;

  // The variable's value, or "" when the server did not pass it.
  std::string_view var(std::string_view name) const;
};

struct Response {
  int status = 200;
  // Sent after the Status line, in order; Content-Type first by convention.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first value of header `name` (case-insensitive), or "".
  std::string_view header(std::string_view name) const;
};

// A text/plain response with `body`.
Response text_response(int status, std::string body);

// "404 Not Found": the text after "Status: " in a CGI response.
std::string status_line(int status);

// The bytes a CGI writes to stdout for `response`: "Status: ...", the headers, an empty line
// (CRLF line ends) and the body.
std::string cgi_response_bytes(const Response& response);

}  // namespace smokeping::web
