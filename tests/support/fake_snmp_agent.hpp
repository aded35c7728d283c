// Test support for the SNMP question about DYNAMIC hosts: a BER writer independent of the code
// under test, SNMPv1 GetResponses built with it, and a UDP agent on 127.0.0.1 (a free port)
// answering on its own thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace smokeping::test {

using namespace std::string_literals;

// An independent BER writer for the test's answers (short and one-byte long lengths only).
inline std::string tlv(unsigned char tag, const std::string& content) {
  std::string out(1, static_cast<char>(tag));
  if (content.size() >= 0x80) out += '\x81';
  out += static_cast<char>(content.size());
  return out + content;
}

inline std::string oid(char arc) { return tlv(0x06, "\x2b\x06\x01\x02\x01\x01"s + arc + '\0'); }

// A GetResponse with `request_id` as its raw content bytes and the given bindings.
inline std::string response(const std::string& request_id, const std::string& bindings,
                            char error_status = 0) {
  return tlv(0x30, tlv(0x02, "\0"s) + tlv(0x04, "public") +
                       tlv(0xa2, tlv(0x02, request_id) + tlv(0x02, std::string(1, error_status)) +
                                     tlv(0x02, "\0"s) + tlv(0x30, bindings)));
}

inline std::string ident_bindings(const std::string& contact, const std::string& name,
                                  const std::string& location) {
  return tlv(0x30, oid('\x04') + tlv(0x04, contact)) + tlv(0x30, oid('\x05') + tlv(0x04, name)) +
         tlv(0x30, oid('\x06') + tlv(0x04, location));
}

// A UDP agent on 127.0.0.1: answers each request with `answer(request)` (no answer when it
// returns ""), on its own thread, until destroyed.
class FakeAgent {
 public:
  explicit FakeAgent(std::function<std::string(const std::string&)> answer)
      : answer_(std::move(answer)) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    ::pipe(stop_);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeAgent() {
    ::write(stop_[1], "x", 1);
    thread_.join();
    ::close(fd_);
    ::close(stop_[0]);
    ::close(stop_[1]);
  }
  std::uint16_t port() const { return port_; }
  int requests() const { return requests_; }

 private:
  void serve() {
    char buffer[2048];
    for (;;) {
      pollfd p[2] = {{fd_, POLLIN, 0}, {stop_[0], POLLIN, 0}};
      if (::poll(p, 2, -1) < 0 || (p[1].revents & POLLIN)) return;
      sockaddr_in from{};
      socklen_t len = sizeof from;
      ssize_t n =
          ::recvfrom(fd_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n <= 0) continue;
      ++requests_;
      std::string reply = answer_(std::string(buffer, static_cast<std::size_t>(n)));
      if (!reply.empty()) {
        ::sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
      }
    }
  }

  std::function<std::string(const std::string&)> answer_;
  int fd_ = -1;
  int stop_[2] = {-1, -1};
  std::uint16_t port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

// How many requests the agent has seen once `expected` arrived or 5 s passed; the agent's
// thread may not have counted the last one yet when the client gives up.
inline int requests_seen(const FakeAgent& agent, int expected) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (agent.requests() < expected && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  return agent.requests();
}

// The request-id bytes of one of our requests: 30 LL 02 01 00 04 06 public a0 LL 02 <n> <id>.
inline std::string request_id_of(const std::string& request) {
  return request.substr(17, static_cast<unsigned char>(request[16]));
}

}  // namespace smokeping::test
