#include "ssh_probe.hpp"

#include <spdlog/logger.h>

#include "net_connection.hpp"

namespace smokeping::probes {

namespace {

using std::chrono::microseconds;

// The first SSH packet (RFC 4253 §6): uint32 length, then that many bytes.
bool has_first_packet(const std::string& data) {
  if (data.size() < 4) return false;
  std::size_t length = (static_cast<std::size_t>(static_cast<unsigned char>(data[0])) << 24) |
                       (static_cast<std::size_t>(static_cast<unsigned char>(data[1])) << 16) |
                       (static_cast<std::size_t>(static_cast<unsigned char>(data[2])) << 8) |
                       static_cast<std::size_t>(static_cast<unsigned char>(data[3]));
  return data.size() >= 4 + length;
}

bool has_line(const std::string& data) { return data.find('\n') != std::string::npos; }

struct Try {
  NetResult result;
  microseconds elapsed{};
};

// ssh-keyscan's exchange up to the server's KEXINIT.
Try keyscan_try(const PeerAddress& peer, NetConnection::Deadline deadline) {
  auto start = SteadyClock::now();
  NetConnection connection(peer, SOCK_STREAM);
  NetResult r = connection.connect(deadline);
  if (!r.ok()) return {r};
  std::string data;
  // Servers may send other lines before the version line (RFC 4253 §4.2).
  for (;;) {
    if (r = connection.receive_until(data, deadline, has_line); !r.ok()) return {r};
    std::size_t eol = data.find('\n');
    bool version = data.starts_with("SSH-");
    data.erase(0, eol + 1);
    if (version) break;
  }
  if (r = connection.send_all("SSH-2.0-smokeping_keyscan\r\n", deadline); !r.ok()) return {r};
  if (r = connection.receive_until(data, deadline, has_first_packet); !r.ok()) return {r};
  return {{}, std::chrono::duration_cast<microseconds>(SteadyClock::now() - start)};
}

Try greeting_try(const PeerAddress& peer, const TargetVars& vars, microseconds timeout) {
  auto t0 = SteadyClock::now();
  NetConnection connection(peer, SOCK_STREAM);
  NetResult r = connection.connect(t0 + timeout);
  if (!r.ok()) return {r};
  std::string data;
  if (r = connection.receive(data, t0 + timeout); !r.ok()) return {r};
  auto t1 = SteadyClock::now();
  if (!data.starts_with("SSH")) return {{NetStatus::failed, "not an SSH server"}};
  auto t2 = SteadyClock::now();
  r = connection.send_all(vars.text("greeting") + "\n", t2 + timeout);
  if (!r.ok()) return {r};
  std::string answer;
  r = connection.receive(answer, t2 + timeout);
  // The server answering, or closing on us, both end the interval.
  if (!r.ok() && r.status != NetStatus::closed) return {r};
  auto t3 = SteadyClock::now();
  std::string interval = vars.text("interval", "established");
  auto span = interval == "connect" ? t1 - t0 : interval == "complete" ? t3 - t0 : t3 - t2;
  return {{}, std::chrono::duration_cast<microseconds>(span)};
}

}  // namespace

SshProbe::SshProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
                   ForkedEnvironment env)
    : ForkedProbe(instance, std::move(log), std::move(env)),
      another_(instance.module && instance.module->name == "AnotherSSH") {}

std::vector<results::Rtt> SshProbe::ping_target(const TargetJob& job) {
  const PingRequest& request = job.request;
  const TargetVars& vars = job.vars;
  auto port = vars.integer("port", 1, 65535);
  if (!port) {
    log().warn("SSH try not made target={} error=port '{}' is not from 1 to 65535", request.target,
               vars.text("port"));
    return {};
  }
  std::string address = resolve(job, request.host, AF_INET);
  if (address.empty()) return {};
  auto peer = PeerAddress::numeric(address, static_cast<std::uint16_t>(*port));
  if (!peer) return {};
  microseconds timeout = ping_timeout(vars);
  microseconds mininterval =
      another_ ? vars.seconds("mininterval").value_or(microseconds(500000)) : microseconds(0);

  std::vector<results::Rtt> rtts;
  std::string last_error;
  auto next = SteadyClock::now();
  for (int ping = 0; ping < request.pings; ++ping) {
    if (ping > 0 && !wait_until(next, job.deadline)) break;
    if (SteadyClock::now() >= job.deadline) break;
    next = SteadyClock::now() + mininterval;
    Try t = another_ ? greeting_try(*peer, vars, timeout)
                     : keyscan_try(*peer, std::min(job.deadline, SteadyClock::now() + timeout));
    if (t.result.ok()) {
      rtts.push_back(t.elapsed);
    } else {
      last_error = t.result.error;
    }
  }
  if (!last_error.empty()) {
    log().warn("SSH try target={} address={} port={} replies={}/{} last_error={}", request.target,
               address, *port, rtts.size(), request.pings, last_error);
  }
  return rtts;
}

}  // namespace smokeping::probes
