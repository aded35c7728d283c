#include "icmp_socket.hpp"

#include <fmt/format.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "icmp_packet.hpp"
#include "smokeping/probes/icmp_permission.hpp"
#include "smokeping/probes/probe.hpp"

namespace smokeping::probes {

namespace {

constexpr std::uint32_t kEchoReplyV4 = 0;
constexpr std::uint32_t kEchoReplyV6 = 129;

[[noreturn]] void fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

void set_int(int fd, int level, int name, int value, const char* what) {
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0) fail(what);
}

// Accepts echo replies whose ident is ours. An IPv4 raw socket sees the IP header first (its
// length in the low nibble of byte 0); an IPv6 one sees the ICMPv6 header at offset 0.
void attach_reply_filter(int fd, int family, std::uint16_t ident) {
  const sock_filter v4[] = {
      BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),
      BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kEchoReplyV4, 0, 3),
      BPF_STMT(BPF_LD | BPF_H | BPF_IND, 4),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ident, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
      BPF_STMT(BPF_RET | BPF_K, 0),
  };
  const sock_filter v6[] = {
      BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kEchoReplyV6, 0, 3),
      BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 4),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ident, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
      BPF_STMT(BPF_RET | BPF_K, 0),
  };
  const bool is_v4 = family == AF_INET;
  sock_fprog program{};
  program.len = static_cast<unsigned short>(is_v4 ? std::size(v4) : std::size(v6));
  program.filter = const_cast<sock_filter*>(is_v4 ? v4 : v6);
  if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0) {
    fail("SO_ATTACH_FILTER");
  }
}

}  // namespace

IcmpSocket::IcmpSocket(const IcmpSocketOptions& options, std::uint16_t ident)
    : family_(options.family) {
  const bool v4 = family_ == AF_INET;
  fd_ = UniqueFd(::socket(family_, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          v4 ? int{IPPROTO_ICMP} : int{IPPROTO_ICMPV6}));
  if (fd_.get() < 0) {
    int err = errno;
    // Asks the kernel again, for the message the daemon also gives at start.
    throw ProbeError(icmp_permission_problem(family_).value_or(
        fmt::format("cannot open a raw ICMP socket: {}", std::strerror(err))));
  }
  const int fd = fd_.get();
  attach_reply_filter(fd, family_, ident);
  // Kernel receive stamps: a reply's time does not depend on when this thread gets to read it.
  set_int(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS");
  // Beyond net.core.rmem_max only with CAP_NET_ADMIN; without it the kernel's cap is what we get.
  int buffer = static_cast<int>(options.receive_buffer);
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer) != 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  }
  if (options.tos) {
    set_int(fd, v4 ? IPPROTO_IP : IPPROTO_IPV6, v4 ? IP_TOS : IPV6_TCLASS, *options.tos,
            v4 ? "IP_TOS" : "IPV6_TCLASS");
  }
  if (options.fwmark) {
    // SO_MARK takes the 32 bits as an int.
    set_int(fd, SOL_SOCKET, SO_MARK, static_cast<int>(*options.fwmark), "SO_MARK");
  }
  if (!options.interface.empty()) {
    if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, options.interface.c_str(),
                     static_cast<socklen_t>(options.interface.size())) != 0) {
      fail("SO_BINDTODEVICE " + options.interface);
    }
  }
  if (!options.source.empty()) {
    auto source = IcmpAddress::parse(options.source, family_);
    if (!source) {
      errno = EINVAL;
      fail("bind " + options.source);
    }
    if (::bind(fd, source->sockaddr_ptr(), source->length()) != 0) fail("bind " + options.source);
  }
}

}  // namespace smokeping::probes
