// Shared by the tests of the fork-style probes: a ProbeInstance as the config would build it,
// a thread-safe logger whose lines a test can read, and loopback listeners.
#pragma once

#include <arpa/inet.h>
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

namespace smokeping::probes::testing {

// `module`'s defaults, then `vars` (probe section and target defaults alike).
inline config::ProbeInstance probe_instance(const std::string& module,
                                            const std::map<std::string, std::string>& vars = {}) {
  config::ProbeInstance instance;
  instance.name = module;
  instance.module = config::find_probe_module(module);
  for (const auto& var : instance.module->vars) {
    if (var.default_value) instance.vars[std::string(var.name)] = std::string(*var.default_value);
  }
  for (const auto& [k, v] : vars) instance.vars[k] = v;
  instance.pings = 3;
  instance.step = 300;
  return instance;
}

struct SharedLog {
  std::ostringstream lines;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "probe.test", std::make_shared<spdlog::sinks::ostream_sink_mt>(lines));
  std::string text() {
    log->flush();
    return lines.str();
  }
};

// A TCP socket listening on 127.0.0.1 at a free port; never accepts unless a test does.
class Listener {
 public:
  Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 16);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~Listener() { close(); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  int fd() const { return fd_; }
  std::uint16_t port() const { return port_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace smokeping::probes::testing
