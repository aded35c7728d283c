// A socket to one peer with a deadline on every step: what the TCP and UDP probes (TCPPing,
// the EchoPing family, SSH, DNS) build their exchanges from. Private to src/probes.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smokeping::probes {

struct PeerAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family() const { return storage.ss_family; }
  // A numeric IPv4 or IPv6 address (with an optional %zone) and a port; nullopt otherwise.
  static std::optional<PeerAddress> numeric(const std::string& address, std::uint16_t port);
};

// Expected outcomes of a step, as values: the probes count them as lost pings and log them.
enum class NetStatus { ok, timeout, closed, failed };

struct NetResult {
  NetStatus status = NetStatus::ok;
  std::string error;  // what went wrong, for the log ("Connection refused", "timed out")
  bool ok() const { return status == NetStatus::ok; }
};

class NetConnection {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  // A non-blocking socket of `type` (SOCK_STREAM or SOCK_DGRAM) for the peer's family.
  // Throws std::system_error when the system has no socket to give.
  NetConnection(const PeerAddress& peer, int type);
  ~NetConnection();
  NetConnection(const NetConnection&) = delete;
  NetConnection& operator=(const NetConnection&) = delete;

  // IP_TOS / IPV6_TCLASS and SO_PRIORITY (echoping -P and -p); false when the kernel refuses.
  bool set_tos(int tos);
  bool set_priority(int priority);

  // TCP: the three-way handshake; UDP: fixes the peer, so only its datagrams are received.
  NetResult connect(Deadline deadline);
  NetResult send_all(std::string_view data, Deadline deadline);
  // Appends what arrives (at most `max` bytes); `closed` when the peer has closed the stream.
  NetResult receive(std::string& into, Deadline deadline, std::size_t max = 65536);
  // Reads until the peer closes the stream.
  NetResult receive_until_closed(std::string& into, Deadline deadline);
  // Reads until `complete(into)` is true.
  template <typename Complete>
  NetResult receive_until(std::string& into, Deadline deadline, Complete complete) {
    while (!complete(into)) {
      NetResult r = receive(into, deadline);
      if (!r.ok()) return r;
    }
    return {};
  }

 private:
  // Waits for `events` (POLLIN/POLLOUT); ok, or timeout, or the socket's pending error.
  NetResult wait(short events, Deadline deadline);

  PeerAddress peer_;
  int fd_ = -1;
};

}  // namespace smokeping::probes
