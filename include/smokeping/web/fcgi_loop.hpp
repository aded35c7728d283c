// The request loop of smokeping.cgi: FastCGI when the web server (or spawn-fcgi) started it
// with a listening socket on fd 0, else plain CGI for one request (mod_cgi, fcgiwrap).
#pragma once

#include <cstddef>

#include "smokeping/web/cgi_log.hpp"
#include "smokeping/web/cgi_request.hpp"
#include "smokeping/web/http.hpp"

namespace smokeping::web {

struct LoopOptions {
  std::size_t max_body = kMaxBodyBytes;
};

// Serves requests with `handler` and returns the process's exit status.
// * Plain CGI: one request from the environment and stdin, the answer on stdout.
// * FastCGI: requests until SIGTERM or SIGUSR1 (what FastCGI process managers send to stop an
//   application): a request being answered is finished first, then the loop returns 0.
// An exception from the handler becomes a 500 answer for that request only (respond()).
int serve(const Handler& handler, const CgiLog& log, const LoopOptions& options = {});

}  // namespace smokeping::web
