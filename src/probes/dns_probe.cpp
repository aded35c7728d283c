#include "dns_probe.hpp"

#include <spdlog/logger.h>

#include <algorithm>

#include "dns_exchange.hpp"

namespace smokeping::probes {

namespace {

using std::chrono::microseconds;

constexpr int kDigTries = 3;
constexpr std::chrono::seconds kDigTryTimeout{5};

// Why an answer does not count for AnotherDNS; empty when it does.
std::string rejection(const DnsAnswer& answer, const TargetVars& vars) {
  if (vars.perl_true("authoritative") && !answer.authoritative) return "answer not authoritative";
  if (answer.answers < vars.integer("require_answers", 0, 65535).value_or(0)) {
    return "answer has " + std::to_string(answer.answers) + " records";
  }
  if (vars.perl_true("require_noerror") && answer.rcode != "NOERROR") {
    return "answer is " + answer.rcode;
  }
  if (vars.perl_true("require_nxdomain") && answer.rcode != "NXDOMAIN") {
    return "answer is " + answer.rcode + ", not NXDOMAIN";
  }
  if (const std::string* text = vars.get("expect_text"); text && !text->empty()) {
    bool found = std::any_of(answer.records.begin(), answer.records.end(),
                             [&](const std::string& r) { return r.find(*text) != r.npos; });
    if (!found) return "no answer record contains '" + *text + "'";
  }
  return {};
}

}  // namespace

DigDnsProbe::DigDnsProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
                         ForkedEnvironment env)
    : ForkedProbe(instance, std::move(log), std::move(env)) {}

std::vector<results::Rtt> DigDnsProbe::ping_target(const TargetJob& job) {
  const PingRequest& request = job.request;
  std::string server = job.vars.text("server");
  if (server.empty()) server = request.host;
  std::string lookup = job.vars.text("lookup");
  if (lookup.empty()) lookup = request.host;
  std::string address = resolve(job, server, AF_INET);
  if (address.empty()) return {};
  auto peer = PeerAddress::numeric(address, 53);
  if (!peer) return {};

  std::vector<results::Rtt> rtts;
  std::string last_error;
  for (int ping = 0; ping < request.pings && SteadyClock::now() < job.deadline; ++ping) {
    auto made = make_dns_query(lookup, "A", true);
    if (auto* error = std::get_if<DnsQueryError>(&made)) {
      log().warn("DNS query not sent target={} error={}", request.target, error->reason);
      return rtts;
    }
    const DnsQuery& query = std::get<DnsQuery>(made);
    NetConnection connection(*peer, SOCK_DGRAM);
    NetResult connected = connection.connect(job.deadline);
    if (!connected.ok()) {
      last_error = connected.error;
      continue;
    }
    for (int attempt = 0; attempt < kDigTries; ++attempt) {
      auto sent = SteadyClock::now();
      auto deadline = std::min(job.deadline, sent + kDigTryTimeout);
      DnsExchange x = exchange_dns(connection, DnsTransport::udp, query, deadline);
      if (x.net.ok()) {
        rtts.push_back(SteadyClock::now() - sent);
        if (x.answer->rcode != "NOERROR") last_error = "answer is " + x.answer->rcode;
        break;
      }
      last_error = x.net.error;
      // An ICMP refusal ends dig at once; only silence is worth another try.
      if (x.net.status != NetStatus::timeout) break;
    }
  }
  if (!last_error.empty()) {
    log().warn("DNS query target={} server={} lookup={} replies={}/{} last_error={}",
               request.target, server, lookup, rtts.size(), request.pings, last_error);
  }
  return rtts;
}

AnotherDnsProbe::AnotherDnsProbe(const config::ProbeInstance& instance,
                                 std::shared_ptr<spdlog::logger> log, ForkedEnvironment env)
    : ForkedProbe(instance, std::move(log), std::move(env)) {}

std::vector<results::Rtt> AnotherDnsProbe::ping_target(const TargetJob& job) {
  const PingRequest& request = job.request;
  const TargetVars& vars = job.vars;
  std::string lookup = vars.text("lookup");
  if (lookup.empty()) lookup = request.host;
  auto port = vars.integer("port", 1, 65535);
  if (!port) {
    log().warn("DNS query not sent target={} error=port '{}' is not from 1 to 65535",
               request.target, vars.text("port"));
    return {};
  }
  std::string protocol = vars.text("protocol", "udp");
  auto transport = (protocol == "tcp" || protocol == "TCP") ? DnsTransport::tcp : DnsTransport::udp;
  microseconds timeout = ping_timeout(vars);
  microseconds mininterval = vars.seconds("mininterval").value_or(microseconds(500000));
  bool recursion = !vars.perl_true("authoritative");

  std::string address = resolve(job, request.host, family_of_ipversion(vars));
  if (address.empty()) return {};
  auto peer = PeerAddress::numeric(address, static_cast<std::uint16_t>(*port));
  if (!peer) return {};

  std::vector<results::Rtt> rtts;
  std::optional<NetConnection> connection;
  std::string last_error;
  auto next_send = SteadyClock::now();
  for (int ping = 0; ping < request.pings; ++ping) {
    if (ping > 0 && !wait_until(next_send, job.deadline)) break;
    auto made = make_dns_query(lookup, vars.text("recordtype", "A"), recursion);
    if (auto* error = std::get_if<DnsQueryError>(&made)) {
      log().warn("DNS query not sent target={} error={}", request.target, error->reason);
      return rtts;
    }
    auto sent = SteadyClock::now();
    next_send = sent + mininterval;
    auto deadline = std::min(job.deadline, sent + timeout);
    // One connection for the round, as the original; a TCP server that closed it gets a new one.
    if (!connection) {
      connection.emplace(*peer, transport == DnsTransport::tcp ? SOCK_STREAM : SOCK_DGRAM);
      NetResult connected = connection->connect(deadline);
      if (!connected.ok()) {
        last_error = connected.error;
        connection.reset();
        continue;
      }
    }
    DnsExchange x = exchange_dns(*connection, transport, std::get<DnsQuery>(made), deadline);
    auto rtt = SteadyClock::now() - sent;
    if (!x.net.ok()) {
      last_error = x.net.error;
      if (transport == DnsTransport::tcp) connection.reset();
      continue;
    }
    if (std::string why = rejection(*x.answer, vars); !why.empty()) {
      last_error = why;
      continue;
    }
    rtts.push_back(rtt);
  }
  if (!last_error.empty()) {
    log().warn("DNS query target={} host={} lookup={} replies={}/{} last_error={}", request.target,
               request.host, lookup, rtts.size(), request.pings, last_error);
  }
  return rtts;
}

}  // namespace smokeping::probes
