#include "smokeping/probes/icmp_permission.hpp"

#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace smokeping::probes {

std::optional<std::string> icmp_permission_problem(int family) {
  int protocol = family == AF_INET6 ? int{IPPROTO_ICMPV6} : int{IPPROTO_ICMP};
  int fd = ::socket(family, SOCK_RAW | SOCK_CLOEXEC, protocol);
  if (fd >= 0) {
    ::close(fd);
    return std::nullopt;
  }
  int err = errno;
  if (err == EAFNOSUPPORT) return std::string("IPv6 is not available on this machine");
  if (err == EPERM || err == EACCES) {
    return fmt::format(
        "cannot open a raw ICMP socket: {}; smokeping needs the capability CAP_NET_RAW (run it "
        "as root, give the binary `setcap cap_net_raw+ep`, or start it from a service with "
        "AmbientCapabilities=CAP_NET_RAW)",
        std::strerror(err));
  }
  return fmt::format("cannot open a raw ICMP socket: {}", std::strerror(err));
}

}  // namespace smokeping::probes
