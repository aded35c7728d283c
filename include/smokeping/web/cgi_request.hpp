// The transport-independent half of the request loop: building a Request from the CGI
// variables, reading its body within a limit, and calling the handler so that an exception
// becomes a 500 answer instead of a dead process. fcgi_loop.cpp feeds these from libfcgi or
// from the plain CGI environment.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "smokeping/web/http.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::web {

using Handler = std::function<Response(const Request&)>;

// The request's variables from "NAME=value" strings (environ, or libfcgi's parameter array),
// the array ending with a null pointer. A string without '=' is skipped; for a name given
// twice the first value wins, as getenv(3) finds it.
Request request_from_env(const char* const* envp);

enum class BodyRead {
  complete,    // CONTENT_LENGTH bytes (or none announced)
  truncated,   // more than the limit announced: `limit` bytes kept, body_truncated set
  short_body,  // the stream ended before CONTENT_LENGTH bytes: the bytes read are kept
  bad_length,  // CONTENT_LENGTH is not a decimal number: nothing read
};

// Reads up to `buffer.size()` bytes, returning how many; 0 at the end of the body.
using BodyReader = std::function<std::size_t(char* buffer, std::size_t size)>;

// Reads the body CONTENT_LENGTH announces into request.body, keeping at most `limit` bytes.
// The rest of a longer body is read and dropped, at most `drain_limit` bytes of it, so that
// the web server, which sends the whole body before it reads the answer, gets the answer;
// a body longer still is left unread (the connection is then closed).
BodyRead read_body(Request& request, const BodyReader& read, std::size_t limit,
                   std::size_t drain_limit = std::size_t{64} << 20);

// The answer to a request whose CONTENT_LENGTH is not a number: 400.
Response bad_length_response(std::string_view content_length);

// handler(request), or a short 500 text page when the handler throws; the exception is
// logged, its text is not sent to the client.
Response respond(const Handler& handler, const Request& request, spdlog::logger& log);

}  // namespace smokeping::web
