#include "src/alerts/detail/smtp.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace smokeping::alerts::detail {

namespace {

using Clock = std::chrono::steady_clock;

class SmtpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Connection {
 public:
  Connection(int fd, Clock::time_point deadline) : fd_(fd), deadline_(deadline) {}
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Reads one reply (all its lines) and returns its code.
  int reply() {
    for (;;) {
      std::size_t eol = buffer_.find("\r\n");
      if (eol == std::string::npos) eol = buffer_.find('\n');
      if (eol != std::string::npos) {
        std::string line = buffer_.substr(0, eol);
        buffer_.erase(0, eol + (buffer_.compare(eol, 2, "\r\n") == 0 ? 2 : 1));
        last_ = line;
        if (line.size() < 3) throw SmtpError("bad reply: " + line);
        if (line.size() > 3 && line[3] == '-') continue;
        return std::atoi(line.substr(0, 3).c_str());
      }
      wait(POLLIN);
      char chunk[1024];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw SmtpError("connection closed");
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  void send(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
      wait(POLLOUT);
      ssize_t n = ::send(fd_, text.data() + done, text.size() - done, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw SmtpError(std::string("send: ") + std::strerror(errno));
      done += static_cast<std::size_t>(n);
    }
  }

  // Sends a command and insists on a reply code in [low, high].
  void command(const std::string& line, int low, int high) {
    send(line + "\r\n");
    int code = reply();
    if (code < low || code > high) throw SmtpError("'" + first_word(line) + "' refused: " + last_);
  }

  const std::string& last() const { return last_; }

 private:
  static std::string first_word(const std::string& line) { return line.substr(0, line.find(' ')); }

  void wait(short events) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
    struct pollfd p {
      fd_, events, 0
    };
    if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) throw SmtpError("timed out");
  }

  int fd_;
  Clock::time_point deadline_;
  std::string buffer_;
  std::string last_;
};

// Connects to host[:port] within the deadline; -1 when nothing answers.
int connect_to(const std::string& spec, Clock::time_point deadline) {
  std::string host = spec;
  std::string port = "25";
  std::size_t colon = spec.rfind(':');
  if (colon != std::string::npos && spec.find(':') == colon) {
    host = spec.substr(0, colon);
    port = spec.substr(colon + 1);
  }
  struct addrinfo hints {};
  hints.ai_socktype = SOCK_STREAM;
  struct addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (auto* ai = found; ai && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
    if (errno == EINPROGRESS) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      struct pollfd p {
        fd, POLLOUT, 0
      };
      int err = 0;
      socklen_t len = sizeof err;
      if (left > 0 && ::poll(&p, 1, static_cast<int>(left)) == 1 &&
          ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
        break;
      }
    }
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(found);
  return fd;
}

std::string base64(const std::string& in) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += table[(v >> s) & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += i + 1 < in.size() ? table[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The message as DATA wants it: CRLF line ends, a leading dot doubled, a final CRLF.
std::string data_block(const std::string& message) {
  std::string out;
  bool line_start = true;
  for (char c : message) {
    if (line_start && c == '.') out += '.';
    if (c == '\n') {
      out += "\r\n";
      line_start = true;
      continue;
    }
    out += c;
    line_start = false;
  }
  if (!line_start) out += "\r\n";
  return out + ".\r\n";
}

std::string local_name() {
  char name[256] = "localhost";
  if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
  name[sizeof name - 1] = '\0';
  return name;
}

}  // namespace

SmtpResult send_smtp(const std::vector<std::string>& hosts, const std::string& user,
                     const std::string& password, const std::string& from,
                     const std::vector<std::string>& recipients, const std::string& message,
                     std::chrono::milliseconds timeout) {
  SmtpResult result;
  for (const auto& host : hosts) {
    auto deadline = Clock::now() + timeout;
    int fd = connect_to(host, deadline);
    if (fd < 0) continue;
    Connection c(fd, deadline);
    try {
      if (c.reply() != 220) throw SmtpError("greeting: " + c.last());
      c.command("EHLO " + local_name(), 250, 250);
      if (!user.empty() && !password.empty()) {
        c.command("AUTH PLAIN " + base64(std::string(1, '\0') + user + '\0' + password), 235, 235);
      }
      c.command("MAIL FROM:<" + from + ">", 250, 250);
      for (const auto& r : recipients) c.command("RCPT TO:<" + r + ">", 250, 251);
      c.command("DATA", 354, 354);
      c.send(data_block(message));
      if (c.reply() != 250) throw SmtpError("message refused: " + c.last());
      try {
        c.command("QUIT", 221, 221);
      } catch (const SmtpError&) {
        // the message is accepted; a rude goodbye changes nothing
      }
      result.status = SmtpResult::Status::sent;
    } catch (const SmtpError& e) {
      result.status = SmtpResult::Status::failed;
      result.error = host + ": " + e.what();
    }
    return result;
  }
  result.error = "no mail host answered";
  return result;
}

}  // namespace smokeping::alerts::detail
