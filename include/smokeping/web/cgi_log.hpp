// The CGI's log: stderr, which the web server files in its error log, one line per message in
// the form the original's CGI::Carp gives its warnings:
//   [Wed Nov 25 17:29:21 2026] smokeping.cgi [client 127.0.0.1]: slave post ...
// stdout carries the response and nothing else.
#pragma once

#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace smokeping::web {

// Takes one finished line, LF included. The CGI's writer writes it to stderr with one write(2),
// so lines of concurrent CGI processes do not interleave; tests collect the lines instead.
using LogWriter = std::function<void(std::string_view line)>;

LogWriter stderr_writer();

// One log line: "[<ctime>] smokeping.cgi [client <client>]: <message>\n", or without the
// "[client ...]" part when `client` is empty (the original's form for errors while the config
// loads). Control bytes of the message (a slave's name may hold anything) are shown as \xNN,
// so a message is always one line; a client that is not an address is shown as '?'.
std::string cgi_log_line(std::time_t when, std::string_view client, std::string_view message);

class CgiLog {
 public:
  explicit CgiLog(LogWriter writer = stderr_writer());

  // A logger for one request, its lines naming the client (REMOTE_ADDR).
  std::shared_ptr<spdlog::logger> for_client(std::string_view remote_addr) const;
  // A logger for what concerns no single request (loading the config).
  std::shared_ptr<spdlog::logger> general() const { return for_client({}); }

 private:
  LogWriter writer_;
};

}  // namespace smokeping::web
