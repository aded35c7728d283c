// The one file that speaks libfcgi (FCGX_* request API).
#include "smokeping/web/fcgi_loop.hpp"

#include <fcgiapp.h>
#include <fcntl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace smokeping::web {
namespace {

// Set from a signal handler, so it cannot live in an object: the only mutable global here.
volatile std::sig_atomic_t g_stop_requested = 0;

extern "C" void on_stop_signal(int) { g_stop_requested = 1; }

// SIGTERM and SIGUSR1 stay blocked except while the loop waits in ppoll(2) for the next
// connection: a stop signal can then neither cut a request short (libfcgi does not retry a
// read or write interrupted by a signal) nor be lost between a check and a blocking call.
struct StopSignals {
  sigset_t stop_set;
  sigset_t wait_mask;  // the mask while waiting: the old one without the stop signals
};

StopSignals block_stop_signals() {
  StopSignals s;
  sigemptyset(&s.stop_set);
  sigaddset(&s.stop_set, SIGTERM);
  sigaddset(&s.stop_set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &s.stop_set, &s.wait_mask);
  sigdelset(&s.wait_mask, SIGTERM);
  sigdelset(&s.wait_mask, SIGUSR1);
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);  // replaces libfcgi's own handlers, installed by FCGX_Init
  sigaction(SIGUSR1, &sa, nullptr);
  return s;
}

void log_body_problem(BodyRead status, const Request& request, spdlog::logger& log) {
  if (status == BodyRead::truncated) {
    log.warn("request body too large content_length={}", request.var("CONTENT_LENGTH"));
  } else if (status == BodyRead::bad_length) {
    log.warn("request refused status=400 reason=CONTENT_LENGTH is not a number");
  } else if (status == BodyRead::short_body) {
    log.warn("request body ended early content_length={} read={}", request.var("CONTENT_LENGTH"),
             request.body.size());
  }
}

// ---- plain CGI ----

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

int serve_plain_cgi(const Handler& handler, const CgiLog& log, const LoopOptions& options) {
  // FCGX_Init caught these for FastCGI; a plain CGI stops at once, as the server expects.
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGUSR1, SIG_DFL);
  Request request = request_from_env(environ);
  auto request_log = log.for_client(request.var("REMOTE_ADDR"));
  BodyRead status = read_body(
      request,
      [](char* buffer, std::size_t size) -> std::size_t {
        while (true) {
          ssize_t n = ::read(STDIN_FILENO, buffer, size);
          if (n < 0 && errno == EINTR) continue;
          return n > 0 ? static_cast<std::size_t>(n) : 0;
        }
      },
      options.max_body);
  log_body_problem(status, request, *request_log);
  Response response = status == BodyRead::bad_length
                          ? bad_length_response(request.var("CONTENT_LENGTH"))
                          : respond(handler, request, *request_log);
  if (!write_all(STDOUT_FILENO, cgi_response_bytes(response))) {
    request_log->warn("could not write the response err={}", std::strerror(errno));
    return 1;
  }
  return 0;
}

// ---- FastCGI ----

// One accepted request: its parameters and streams belong to libfcgi until FCGX_Finish_r.
void serve_fcgi_request(FCGX_Request& fcgi, const Handler& handler, const CgiLog& log,
                        const LoopOptions& options) {
  Request request = request_from_env(fcgi.envp);
  auto request_log = log.for_client(request.var("REMOTE_ADDR"));
  BodyRead status = read_body(
      request,
      [&fcgi](char* buffer, std::size_t size) -> std::size_t {
        int n =
            FCGX_GetStr(buffer, static_cast<int>(std::min<std::size_t>(size, INT_MAX)), fcgi.in);
        return n > 0 ? static_cast<std::size_t>(n) : 0;
      },
      options.max_body);
  log_body_problem(status, request, *request_log);
  // Unread body records would be taken for the next request on a kept connection.
  if (status == BodyRead::truncated || status == BodyRead::bad_length) fcgi.keepConnection = 0;
  Response response = status == BodyRead::bad_length
                          ? bad_length_response(request.var("CONTENT_LENGTH"))
                          : respond(handler, request, *request_log);
  std::string bytes = cgi_response_bytes(response);
  std::string_view rest = bytes;
  while (!rest.empty()) {
    int chunk = static_cast<int>(std::min<std::size_t>(rest.size(), INT_MAX));
    if (FCGX_PutStr(rest.data(), chunk, fcgi.out) != chunk) {
      request_log->warn("could not write the response err=fastcgi stream error {}",
                        FCGX_GetError(fcgi.out));
      break;
    }
    rest.remove_prefix(static_cast<std::size_t>(chunk));
  }
}

// What FCGX_Accept_r will read from next: a connection the web server keeps open between
// requests (FastCGI keep-conn), or else the listening socket.
int next_request_fd(const FCGX_Request& fcgi) { return fcgi.ipcFd >= 0 ? fcgi.ipcFd : 0; }

int serve_fastcgi(const Handler& handler, const CgiLog& log, const LoopOptions& options) {
  std::optional<std::uint64_t> max_requests = options.max_requests;
  if (!max_requests) {
    const char* value = std::getenv(kMaxRequestsVariable);
    max_requests = max_requests_from(value);
    if (!max_requests) {
      log.general()->error("{} is not a number of requests value={}", kMaxRequestsVariable, value);
      return 1;
    }
  }
  const StopSignals signals = block_stop_signals();
  // accept(2) must not block with the stop signals blocked: when another process sharing the
  // socket takes the connection ppoll announced, libfcgi's accept fails with EAGAIN instead.
  if (int flags = ::fcntl(0, F_GETFL); flags < 0 || ::fcntl(0, F_SETFL, flags | O_NONBLOCK) < 0) {
    log.general()->error("FastCGI socket unusable err={}", std::strerror(errno));
    return 1;
  }
  FCGX_Request fcgi;
  FCGX_InitRequest(&fcgi, 0, 0);
  std::uint64_t answered = 0;
  while (!g_stop_requested) {
    pollfd wait{next_request_fd(fcgi), POLLIN, 0};
    if (::ppoll(&wait, 1, nullptr, &signals.wait_mask) < 0) {
      if (errno == EINTR) continue;
      log.general()->error("FastCGI wait failed err={}", std::strerror(errno));
      return 1;
    }
    if (g_stop_requested) break;
    int rc = FCGX_Accept_r(&fcgi);
    if (rc == -EAGAIN || rc == -EWOULDBLOCK || rc == -ECONNABORTED || rc == -EINTR) continue;
    if (rc < 0) {
      log.general()->error("FastCGI accept failed err={}",
                           rc > -4096 ? std::strerror(-rc) : "libfcgi error");
      return 1;
    }
    serve_fcgi_request(fcgi, handler, log, options);
    FCGX_Finish_r(&fcgi);
    if (*max_requests != 0 && ++answered >= *max_requests) {
      log.general()->info("{} requests answered, exiting for a fresh process ({})", answered,
                          kMaxRequestsVariable);
      break;
    }
  }
  return 0;
}

}  // namespace

std::optional<std::uint64_t> max_requests_from(const char* value) {
  if (value == nullptr || *value == '\0') return 0;
  std::string_view text(value);
  std::uint64_t count = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return count;
}

int serve(const Handler& handler, const CgiLog& log, const LoopOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);  // a client gone away is a failed write, not a dead process
  if (int rc = FCGX_Init(); rc != 0) {
    log.general()->error("FastCGI library initialisation failed rc={}", rc);
    return 1;
  }
  if (FCGX_IsCGI()) return serve_plain_cgi(handler, log, options);
  return serve_fastcgi(handler, log, options);
}

}  // namespace smokeping::web
