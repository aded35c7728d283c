// Shared by the FPing tests: a ProbeInstance as the config would build it, a logger whose lines
// a test can read, and whether this process may open raw ICMP sockets.
#pragma once

#include <arpa/inet.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "smokeping/config/model.hpp"
#include "smokeping/config/probe_catalog.hpp"
#include "src/probes/icmp_socket.hpp"

namespace smokeping::probes::testing {

// `module`'s defaults (protocol, mininterval), the mandatory `binary`, then `vars`.
inline config::ProbeInstance fping_instance(const std::string& module,
                                            const std::map<std::string, std::string>& vars = {},
                                            int pings = 5) {
  config::ProbeInstance instance;
  instance.name = module;
  instance.module = config::find_probe_module(module);
  for (const auto& var : instance.module->vars) {
    if (var.default_value) instance.vars[std::string(var.name)] = std::string(*var.default_value);
  }
  instance.vars["binary"] = "/usr/bin/fping";
  for (const auto& [k, v] : vars) instance.vars[k] = v;
  instance.pings = pings;
  instance.step = 300;
  return instance;
}

struct CapturedLog {
  std::ostringstream lines;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "probe.FPing", std::make_shared<spdlog::sinks::ostream_sink_st>(lines));
  std::string text() const { return lines.str(); }
};

inline bool can_open_raw_socket(int family = AF_INET) {
  int fd = ::socket(family, SOCK_RAW, family == AF_INET6 ? int{IPPROTO_ICMPV6} : int{IPPROTO_ICMP});
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

// A raw socket that queues only the echo requests sent to `destination` (IPv4), so a test can
// count them. Unfiltered, it would also queue every other test's pings and replies (ctest runs
// them in parallel), and a full receive buffer drops packets silently.
inline UniqueFd echo_request_listener(const char* destination) {
  UniqueFd fd(::socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP));
  if (fd.get() < 0) return fd;
  const std::uint32_t to = ntohl(::inet_addr(destination));
  const sock_filter keep[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),  // IPv4 destination
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, to, 0, 4),
      BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),  // X = IP header length
      BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),   // ICMP type
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 8, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
      BPF_STMT(BPF_RET | BPF_K, 0),
  };
  sock_fprog program{static_cast<unsigned short>(std::size(keep)), const_cast<sock_filter*>(keep)};
  int buffer = 4 << 20;
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0 ||
      ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer) != 0) {
    return UniqueFd(-1);
  }
  return fd;
}

// Socket options with nothing set but the family.
inline IcmpSocketOptions options(int family) {
  IcmpSocketOptions o;
  o.family = family;
  return o;
}

}  // namespace smokeping::probes::testing
