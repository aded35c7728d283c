#include "net_connection.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace smokeping::probes {

namespace {

NetResult failure(int err) { return {NetStatus::failed, std::strerror(err)}; }

}  // namespace

std::optional<PeerAddress> PeerAddress::numeric(const std::string& address, std::uint16_t port) {
  PeerAddress peer;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&peer.storage);
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    peer.length = sizeof(sockaddr_in);
    return peer;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&peer.storage);
  std::string host = address;
  std::string zone;
  if (auto pct = address.find('%'); pct != std::string::npos) {
    host = address.substr(0, pct);
    zone = address.substr(pct + 1);
  }
  if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) != 1) return std::nullopt;
  if (!zone.empty()) {
    v6->sin6_scope_id = if_nametoindex(zone.c_str());
    if (v6->sin6_scope_id == 0) return std::nullopt;
  }
  v6->sin6_family = AF_INET6;
  v6->sin6_port = htons(port);
  peer.length = sizeof(sockaddr_in6);
  return peer;
}

NetConnection::NetConnection(const PeerAddress& peer, int type) : peer_(peer) {
  fd_ = ::socket(peer.family(), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
}

NetConnection::~NetConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool NetConnection::set_tos(int tos) {
  if (peer_.family() == AF_INET6) {
    return ::setsockopt(fd_, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos) == 0;
  }
  return ::setsockopt(fd_, IPPROTO_IP, IP_TOS, &tos, sizeof tos) == 0;
}

bool NetConnection::set_priority(int priority) {
  return ::setsockopt(fd_, SOL_SOCKET, SO_PRIORITY, &priority, sizeof priority) == 0;
}

NetResult NetConnection::wait(short events, Deadline deadline) {
  for (;;) {
    auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {NetStatus::timeout, "timed out"};
    pollfd p{fd_, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failure(errno);
    if (n == 0) continue;  // re-check the clock: poll may wake a little early
    if (p.revents & (POLLERR | POLLNVAL)) {
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) return failure(err);
    }
    return {};
  }
}

NetResult NetConnection::connect(Deadline deadline) {
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&peer_.storage), peer_.length) == 0) {
    return {};
  }
  if (errno != EINPROGRESS) return failure(errno);
  NetResult r = wait(POLLOUT, deadline);
  if (!r.ok()) return r;
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
  return err == 0 ? NetResult{} : failure(err);
}

NetResult NetConnection::send_all(std::string_view data, Deadline deadline) {
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n >= 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return failure(errno);
    NetResult r = wait(POLLOUT, deadline);
    if (!r.ok()) return r;
  }
  return {};
}

NetResult NetConnection::receive(std::string& into, Deadline deadline, std::size_t max) {
  char buf[65536];
  std::size_t want = std::min(max, sizeof buf);
  for (;;) {
    ssize_t n = ::recv(fd_, buf, want, 0);
    if (n > 0) {
      into.append(buf, static_cast<std::size_t>(n));
      return {};
    }
    if (n == 0) return {NetStatus::closed, "connection closed by the peer"};
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return failure(errno);
    NetResult r = wait(POLLIN, deadline);
    if (!r.ok()) return r;
  }
}

NetResult NetConnection::receive_until_closed(std::string& into, Deadline deadline) {
  for (;;) {
    NetResult r = receive(into, deadline);
    if (r.status == NetStatus::closed) return {};
    if (!r.ok()) return r;
  }
}

}  // namespace smokeping::probes
