#include "smokeping/web/cgi_log.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <mutex>

namespace smokeping::web {
namespace {

constexpr std::size_t kMaxMessage = 4000;  // a line stays below what one write(2) keeps whole
constexpr std::size_t kMaxClient = 64;

bool address_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
         c == ':' || c == '%' || c == '-' || c == '_' || c == '[' || c == ']';
}

std::string shown_client(std::string_view client) {
  if (client.size() > kMaxClient) return "?";
  for (char c : client) {
    if (!address_char(c)) return "?";
  }
  return std::string(client);
}

// Perl's scalar(localtime): "Wed Nov 25 17:29:21 2026", the day padded with a space.
std::string ctime_text(std::time_t when) {
  std::tm local{};
  localtime_r(&when, &local);
  char text[64];
  std::size_t n = std::strftime(text, sizeof text, "%a %b %e %H:%M:%S %Y", &local);
  return std::string(text, n);
}

// Hands each message to the writer as one line; the formatting is the CGI's own, so the
// logger's pattern is not used.
class CgiLineSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  CgiLineSink(LogWriter writer, std::string client)
      : writer_(std::move(writer)), client_(std::move(client)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::time_t when = std::chrono::system_clock::to_time_t(msg.time);
    writer_(cgi_log_line(when, client_, std::string_view(msg.payload.data(), msg.payload.size())));
  }
  void flush_() override {}

 private:
  LogWriter writer_;
  std::string client_;
};

}  // namespace

LogWriter stderr_writer() {
  return [](std::string_view line) {
    while (!line.empty()) {
      ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // nowhere left to report it
      line.remove_prefix(static_cast<std::size_t>(n));
    }
  };
}

std::string cgi_log_line(std::time_t when, std::string_view client, std::string_view message) {
  std::string line = "[" + ctime_text(when) + "] smokeping.cgi";
  if (!client.empty()) line += " [client " + shown_client(client) + "]";
  line += ": ";
  std::size_t shown = 0;
  for (char ch : message) {
    if (shown >= kMaxMessage) {
      line += "...";
      break;
    }
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      line += fmt::format("\\x{:02x}", c);
    } else {
      line.push_back(ch);
    }
    ++shown;
  }
  line.push_back('\n');
  return line;
}

CgiLog::CgiLog(LogWriter writer) : writer_(std::move(writer)) {}

std::shared_ptr<spdlog::logger> CgiLog::for_client(std::string_view remote_addr) const {
  auto sink = std::make_shared<CgiLineSink>(writer_, std::string(remote_addr));
  auto log = std::make_shared<spdlog::logger>("web", std::move(sink));
  log->set_level(spdlog::level::info);
  return log;
}

}  // namespace smokeping::web
