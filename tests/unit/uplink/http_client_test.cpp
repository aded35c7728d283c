// The libcurl client against a one-thread HTTP server on 127.0.0.1: what it sends, what it
// reads back, and that a redirect of the POST is followed only when asked.
#include "smokeping/uplink/http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <thread>

namespace {

using smokeping::uplink::HttpClient;
using smokeping::uplink::HttpClientOptions;
using smokeping::uplink::url_for_logs;

struct Request {
  std::string head, body;
};

// Serves `answers.size()` connections, one answer each, then ends.
class LoopbackServer {
 public:
  explicit LoopbackServer(std::vector<std::function<std::string(int port)>> answers) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd_, 4) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, answers = std::move(answers)] {
      for (const auto& answer : answers) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        requests_.push_back(read_request(c));
        std::string bytes = answer(port_);
        [[maybe_unused]] ssize_t n = ::write(c, bytes.data(), bytes.size());
        ::close(c);
      }
    });
  }
  ~LoopbackServer() {
    ::shutdown(fd_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  std::string url(const std::string& path = "/smokeping.cgi") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // Waits until every scripted answer was given, then what came in.
  const std::vector<Request>& requests() {
    if (thread_.joinable()) thread_.join();
    return requests_;
  }

 private:
  static Request read_request(int c) {
    std::string bytes;
    char buf[4096];
    std::size_t end = std::string::npos;
    while ((end = bytes.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) return {bytes, ""};
      bytes.append(buf, static_cast<std::size_t>(n));
    }
    Request r{bytes.substr(0, end + 4), bytes.substr(end + 4)};
    std::size_t at = r.head.find("Content-Length: ");
    std::size_t length = at == std::string::npos ? 0 : std::stoul(r.head.substr(at + 16));
    while (r.body.size() < length) {
      ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) break;
      r.body.append(buf, static_cast<std::size_t>(n));
    }
    return r;
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::vector<Request> requests_;
};

std::string response(const std::string& status, const std::string& headers,
                     const std::string& body) {
  return "HTTP/1.1 " + status + "\r\n" + headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

HttpClientOptions options_for(const std::string& url) {
  HttpClientOptions o;
  o.url = url;
  return o;
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Proxies from the environment would take loopback traffic elsewhere.
    for (const char* name :
         {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
      ::unsetenv(name);
    }
  }
};

TEST_F(HttpClientTest, PostsTheBodyAsGivenAndReadsTheConfigHeaders) {
  LoopbackServer server({[](int) {
    return response("200 OK",
                    "Content-Type: application/smokeping-config\r\nProtocol: 2\r\nKey: abc\r\n",
                    "$VAR1 = {};\n");
  }});
  std::string body = "--xYzZY\r\nx\r\n--xYzZY--\r\n";
  auto answer = HttpClient(options_for(server.url("/smokeping.cgi?x=1")))
                    .post("multipart/form-data; boundary=xYzZY", body);
  EXPECT_EQ(answer.transport_error, "");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.content_type, "application/smokeping-config");
  EXPECT_EQ(answer.protocol, "2");
  EXPECT_EQ(answer.key, "abc");
  EXPECT_EQ(answer.body, "$VAR1 = {};\n");
  ASSERT_EQ(server.requests().size(), 1u);
  const Request& r = server.requests()[0];
  EXPECT_EQ(r.head.rfind("POST /smokeping.cgi?x=1 HTTP/1.1\r\n", 0), 0u) << r.head;
  EXPECT_NE(r.head.find("User-Agent: smokeping-slave/1.0\r\n"), std::string::npos);
  EXPECT_NE(r.head.find("Content-Type: multipart/form-data; boundary=xYzZY\r\n"),
            std::string::npos);
  EXPECT_EQ(r.head.find("Expect:"), std::string::npos);
  EXPECT_EQ(r.body, body);
}

TEST_F(HttpClientTest, RedirectOfThePostIsNotFollowedByDefault) {
  LoopbackServer server({[](int port) {
    return response("302 Found",
                    "Location: http://127.0.0.1:" + std::to_string(port) + "/elsewhere\r\n", "");
  }});
  auto answer = HttpClient(options_for(server.url())).post("text/plain", "x");
  EXPECT_EQ(answer.status, 302);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(HttpClientTest, RedirectIsFollowedAsAPostWhenAsked) {
  LoopbackServer server(
      {[](int port) {
         return response("301 Moved Permanently",
                         "Location: http://127.0.0.1:" + std::to_string(port) + "/new\r\n", "");
       },
       [](int) { return response("200 OK", "Content-Type: text/plain\r\n", "OK\n"); }});
  auto options = options_for(server.url());
  options.follow_redirects = true;
  auto answer = HttpClient(options).post("text/plain", "payload");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "OK\n");
  ASSERT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(server.requests()[1].head.rfind("POST /new ", 0), 0u) << server.requests()[1].head;
  EXPECT_EQ(server.requests()[1].body, "payload");
}

TEST_F(HttpClientTest, RefusedConnectionIsATransportError) {
  int port;
  {
    LoopbackServer server({});  // listens, then closes: nothing is there afterwards
    port = server.port();
  }
  auto answer = HttpClient(options_for("http://127.0.0.1:" + std::to_string(port) + "/"))
                    .post("text/plain", "x");
  EXPECT_FALSE(answer.transport_error.empty());
  EXPECT_EQ(answer.status, 0);
}

TEST_F(HttpClientTest, OversizedAnswerIsATransportError) {
  LoopbackServer server({[](int) {
    return response("200 OK", "Content-Type: text/plain\r\n", std::string(5000, 'x'));
  }});
  auto options = options_for(server.url());
  options.max_answer_bytes = 1000;
  auto answer = HttpClient(options).post("text/plain", "x");
  EXPECT_NE(answer.transport_error.find("larger than 1000 bytes"), std::string::npos)
      << answer.transport_error;
}

TEST_F(HttpClientTest, MissingCaFileFailsTheHttpsPost) {
  auto options = options_for("https://127.0.0.1:1/");
  options.ca_file = "/nonexistent/ca.pem";
  auto answer = HttpClient(options).post("text/plain", "x");
  EXPECT_FALSE(answer.transport_error.empty());
}

TEST(UrlForLogs, DropsCredentialsOnly) {
  EXPECT_EQ(url_for_logs("https://user:pw@master.example/cgi?a=b@c"),
            "https://master.example/cgi?a=b@c");
  EXPECT_EQ(url_for_logs("http://127.0.0.1:8080/smokeping.cgi"),
            "http://127.0.0.1:8080/smokeping.cgi");
  EXPECT_EQ(url_for_logs("http://u@h"), "http://h");
}

}  // namespace
