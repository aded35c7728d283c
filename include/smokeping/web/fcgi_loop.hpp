// The request loop of smokeping.cgi: FastCGI when the web server (or spawn-fcgi) started it
// with a listening socket on fd 0, else plain CGI for one request (mod_cgi, fcgiwrap).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "smokeping/web/cgi_log.hpp"
#include "smokeping/web/cgi_request.hpp"
#include "smokeping/web/http.hpp"

namespace smokeping::web {

struct LoopOptions {
  std::size_t max_body = kMaxBodyBytes;
  // FastCGI only: return 0 after answering this many requests (0: never), so that a process
  // manager starts a fresh process; librrd keeps a little memory per graph drawn. Unset: taken
  // from the environment, kMaxRequestsVariable.
  std::optional<std::uint64_t> max_requests;
};

inline constexpr const char* kMaxRequestsVariable = "SMOKEPING_CGI_MAX_REQUESTS";

// The value of kMaxRequestsVariable: unset or empty is 0 (no limit), else a decimal count;
// nullopt for anything else (a sign, spaces, letters, too large).
std::optional<std::uint64_t> max_requests_from(const char* value);

// Serves requests with `handler` and returns the process's exit status.
// * Plain CGI: one request from the environment and stdin, the answer on stdout.
// * FastCGI: requests until SIGTERM or SIGUSR1 (what FastCGI process managers send to stop an
//   application): a request being answered is finished first, then the loop returns 0. Also
//   returns 0 once max_requests requests are answered; returns 1 at once when the variable
//   holds no count.
// An exception from the handler becomes a 500 answer for that request only (respond()).
int serve(const Handler& handler, const CgiLog& log, const LoopOptions& options = {});

}  // namespace smokeping::web
