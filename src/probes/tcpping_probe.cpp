#include "tcpping_probe.hpp"

#include <spdlog/logger.h>

#include <algorithm>

#include "net_connection.hpp"

namespace smokeping::probes {

namespace {

// tcpping's defaults: -r 1 (seconds between probes) and tcptraceroute -w 3 (wait for a reply).
constexpr std::chrono::seconds kInterval{1};
constexpr std::chrono::seconds kWait{3};

}  // namespace

TcpPingProbe::TcpPingProbe(const config::ProbeInstance& instance,
                           std::shared_ptr<spdlog::logger> log, ForkedEnvironment env)
    : ForkedProbe(instance, std::move(log), std::move(env)) {}

std::chrono::microseconds TcpPingProbe::ping_timeout(const TargetVars& vars) const {
  // The original's budget used `timeout` (5 s) per ping; each of ours takes at most 1 s + 3 s.
  return std::max<std::chrono::microseconds>(ForkedProbe::ping_timeout(vars), kInterval + kWait);
}

std::vector<results::Rtt> TcpPingProbe::ping_target(const TargetJob& job) {
  const PingRequest& request = job.request;
  // `port` unset or "0" leaves tcpping's default, as the original passes it only when true.
  long port = 80;
  if (job.vars.perl_true("port")) {
    auto value = job.vars.integer("port", 1, 65535);
    if (!value) {
      log().warn("TCP ping not sent target={} error=port '{}' is not from 1 to 65535",
                 request.target, job.vars.text("port"));
      return {};
    }
    port = *value;
  }
  std::string address = resolve(job, request.host, AF_INET);
  if (address.empty()) return {};
  auto peer = PeerAddress::numeric(address, static_cast<std::uint16_t>(port));
  if (!peer) return {};

  std::vector<results::Rtt> rtts;
  std::string last_error;
  auto next = SteadyClock::now();
  for (int ping = 0; ping < request.pings; ++ping) {
    if (ping > 0 && !wait_until(next, job.deadline)) break;
    auto start = SteadyClock::now();
    next = start + kInterval;
    NetConnection connection(*peer, SOCK_STREAM);
    NetResult r = connection.connect(std::min(job.deadline, start + kWait));
    if (r.ok()) {
      rtts.push_back(SteadyClock::now() - start);
    } else {
      last_error = r.error;
    }
  }
  if (!last_error.empty()) {
    log().warn("TCP ping target={} address={} port={} replies={}/{} last_error={}", request.target,
               address, port, rtts.size(), request.pings, last_error);
  }
  return rtts;
}

}  // namespace smokeping::probes
