// The raw ICMP socket a round sends its echo requests from and reads the replies on, with the
// probe's socket options applied. Private to src/probes; tests include it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "smokeping/core/unique_fd.hpp"

namespace smokeping::probes {

using UniqueFd = core::UniqueFd;

struct IcmpSocketOptions {
  int family = 0;                        // AF_INET or AF_INET6
  std::optional<std::uint8_t> tos;       // IP_TOS, or IPV6_TCLASS
  std::string source;                    // numeric address to bind to; empty: the kernel picks
  std::string interface;                 // SO_BINDTODEVICE
  std::optional<std::uint32_t> fwmark;   // SO_MARK
  std::size_t receive_buffer = 1 << 22;  // bytes; a burst of replies must not overflow it
};

class IcmpSocket {
 public:
  // Throws ProbeError when no raw ICMP socket can be opened (the message of
  // icmp_permission_problem, naming CAP_NET_RAW), and std::system_error naming the option when
  // one of `options` cannot be applied. Only echo replies carrying `ident` reach the socket: a
  // kernel filter drops the rest, which a busy machine's other pingers would otherwise wake us
  // up for.
  IcmpSocket(const IcmpSocketOptions& options, std::uint16_t ident);
  int fd() const { return fd_.get(); }
  int family() const { return family_; }

 private:
  int family_;
  UniqueFd fd_;
};

}  // namespace smokeping::probes
