#include "echoping_probe.hpp"

#include <spdlog/logger.h>

#include <cstdlib>

#include "dns_exchange.hpp"
#include "http_transfer.hpp"

namespace smokeping::probes {

namespace {

using std::chrono::microseconds;

constexpr microseconds kDefaultWait = std::chrono::seconds(1);  // echoping -w

std::uint16_t default_port(EchoKind kind) {
  switch (kind) {
    case EchoKind::echo:
      return 7;
    case EchoKind::discard:
      return 9;
    case EchoKind::chargen:
      return 19;
    case EchoKind::http:
      return 80;
    case EchoKind::https:
      return 443;
    case EchoKind::smtp:
      return 25;
    case EchoKind::whois:
      return 43;
    case EchoKind::dns:
      return 53;
  }
  return 7;
}

// `tos` as echoping read -P: decimal, 0x hex or 0 octal.
std::optional<int> c_integer(const std::string* text) {
  if (!text || text->empty()) return std::nullopt;
  char* end = nullptr;
  long v = std::strtol(text->c_str(), &end, 0);
  if (*end != '\0' || v < 0 || v > 255) return std::nullopt;
  return static_cast<int>(v);
}

// True once `text` holds an SMTP reply's last line ("250 ok\r\n", not "250-more\r\n").
bool smtp_reply_complete(const std::string& text) {
  std::size_t start = 0;
  for (std::size_t end = text.find('\n'); end != std::string::npos;
       start = end + 1, end = text.find('\n', start)) {
    if (end - start >= 4 && text[start + 3] == ' ') return true;
    if (end - start == 4 && text[start + 3] == '\r') return true;
  }
  return false;
}

}  // namespace

std::optional<EchoKind> echo_kind_of(std::string_view module) {
  if (module == "EchoPing") return EchoKind::echo;
  if (module == "EchoPingDiscard") return EchoKind::discard;
  if (module == "EchoPingChargen") return EchoKind::chargen;
  if (module == "EchoPingHttp") return EchoKind::http;
  if (module == "EchoPingHttps") return EchoKind::https;
  if (module == "EchoPingSmtp") return EchoKind::smtp;
  if (module == "EchoPingWhois") return EchoKind::whois;
  if (module == "EchoPingDNS") return EchoKind::dns;
  return std::nullopt;
}

EchoPingProbe::EchoPingProbe(const config::ProbeInstance& instance, EchoKind kind,
                             std::shared_ptr<spdlog::logger> log, ForkedEnvironment env)
    : ForkedProbe(instance, std::move(log), std::move(env)), kind_(kind) {}

NetResult EchoPingProbe::try_stream(const TargetJob& job, const PeerAddress& peer,
                                    NetConnection::Deadline deadline) const {
  const TargetVars& vars = job.vars;
  bool udp = (kind_ == EchoKind::echo || kind_ == EchoKind::discard) && vars.flag("udp");
  NetConnection connection(peer, udp ? SOCK_DGRAM : SOCK_STREAM);
  if (auto tos = c_integer(vars.get("tos"))) connection.set_tos(*tos);
  if (auto priority = vars.integer("priority", 0, 255)) {
    connection.set_priority(static_cast<int>(*priority));
  }
  NetResult r = connection.connect(deadline);
  if (!r.ok()) return r;
  std::size_t size = static_cast<std::size_t>(vars.integer("size", 1, 65000).value_or(256));
  std::string fill = vars.text("fill");
  std::string payload(size, fill.empty() ? 'A' : fill.front());
  std::string answer;
  switch (kind_) {
    case EchoKind::echo:
      if (r = connection.send_all(payload, deadline); !r.ok()) return r;
      while (answer.size() < payload.size()) {
        if (r = connection.receive(answer, deadline); !r.ok()) return r;
      }
      if (answer.compare(0, payload.size(), payload) != 0) {
        return {NetStatus::failed, "the echo differs from what was sent"};
      }
      return {};
    case EchoKind::discard:
      return connection.send_all(payload, deadline);
    case EchoKind::chargen:
      while (answer.size() < size) {
        if (r = connection.receive(answer, deadline); !r.ok()) return r;
      }
      return {};
    case EchoKind::smtp:
      if (r = connection.receive_until(answer, deadline, smtp_reply_complete); !r.ok()) return r;
      if (!answer.starts_with("220")) return {NetStatus::failed, "SMTP greeting is not 220"};
      if (r = connection.send_all("QUIT\r\n", deadline); !r.ok()) return r;
      answer.clear();
      return connection.receive_until(answer, deadline, smtp_reply_complete);
    case EchoKind::whois:
      if (r = connection.send_all(vars.text("whois_request") + "\r\n", deadline); !r.ok()) {
        return r;
      }
      r = connection.receive_until_closed(answer, deadline);
      if (r.ok() && answer.empty()) return {NetStatus::closed, "empty whois answer"};
      return r;
    default:
      return {NetStatus::failed, "not a stream exchange"};
  }
}

NetResult EchoPingProbe::try_http(const TargetJob& job, const std::string& address,
                                  NetConnection::Deadline deadline) const {
  const TargetVars& vars = job.vars;
  bool tls = kind_ == EchoKind::https;
  long port = vars.perl_true("port") ? vars.integer("port", 1, 65535).value_or(0) : 0;
  if (port == 0) port = default_port(kind_);
  std::string url = vars.text("url", "/");
  // The host as written goes in the URL (and Host:); libcurl is told its address.
  std::string host = job.request.host;
  std::string authority =
      (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
  HttpTransferOptions options;
  if (url.find("://") != std::string::npos) {
    options.url = url;
    options.proxy = "http://" + authority;
  } else {
    options.url =
        (tls ? "https://" : "http://") + authority + (url.starts_with("/") ? "" : "/") + url;
  }
  options.resolves.push_back(host + ":" + std::to_string(port) + ":" + address);
  options.http_version = 10;
  options.insecure = true;
  options.user_agent = "Echoping/6";
  if (vars.flag("ignore_cache")) {
    options.headers.push_back("Pragma: no-cache");
    options.headers.push_back("Cache-Control: no-cache");
  }
  if (vars.flag("revalidate_data")) options.headers.push_back("Cache-Control: max-age=0");
  options.tos = c_integer(vars.get("tos"));
  if (auto priority = vars.integer("priority", 0, 255)) options.priority = *priority;
  options.timeout = std::chrono::duration_cast<microseconds>(deadline - SteadyClock::now());
  if (options.timeout.count() <= 0) return {NetStatus::timeout, "timed out"};
  HttpTransferResult r = http_transfer(options);
  if (!r.ok()) return {NetStatus::failed, r.error};
  bool redirect_ok = vars.flag("accept_redirects") && r.status >= 300 && r.status < 400;
  if ((r.status < 200 || r.status >= 300) && !redirect_ok) {
    return {NetStatus::failed, "HTTP status " + std::to_string(r.status)};
  }
  return {};
}

NetResult EchoPingProbe::try_dns(const TargetJob& job, const PeerAddress& peer,
                                 NetConnection::Deadline deadline) const {
  const TargetVars& vars = job.vars;
  bool tcp = vars.flag("dns_tcp");
  auto made = make_dns_query(vars.text("dns_request"), vars.text("dns_type", "A"), true);
  if (auto* error = std::get_if<DnsQueryError>(&made)) return {NetStatus::failed, error->reason};
  NetConnection connection(peer, tcp ? SOCK_STREAM : SOCK_DGRAM);
  NetResult r = connection.connect(deadline);
  if (!r.ok()) return r;
  return exchange_dns(connection, tcp ? DnsTransport::tcp : DnsTransport::udp,
                      std::get<DnsQuery>(made), deadline)
      .net;
}

std::vector<results::Rtt> EchoPingProbe::ping_target(const TargetJob& job) {
  const PingRequest& request = job.request;
  const TargetVars& vars = job.vars;
  if (const std::string* opts = vars.get("extraopts"); opts && !opts->empty()) {
    std::lock_guard lock(noted_mutex_);
    if (noted_.insert(request.target).second) {
      log().warn("extraopts are echoping flags, ignored in-process target={} extraopts='{}'",
                 request.target, *opts);
    }
  }
  std::string address = resolve(job, request.host, family_of_ipversion(vars));
  if (address.empty()) return {};
  long port = default_port(kind_);
  if ((kind_ == EchoKind::http || kind_ == EchoKind::https) && vars.perl_true("port")) {
    auto value = vars.integer("port", 1, 65535);
    if (!value) {
      log().warn("echoping try not made target={} error=port '{}' is not from 1 to 65535",
                 request.target, vars.text("port"));
      return {};
    }
    port = *value;
  }
  auto peer = PeerAddress::numeric(address, static_cast<std::uint16_t>(port));
  if (!peer) return {};
  microseconds timeout = ping_timeout(vars);
  microseconds wait = vars.seconds("waittime").value_or(kDefaultWait);

  std::vector<results::Rtt> rtts;
  std::string last_error;
  auto next = SteadyClock::now();
  for (int ping = 0; ping < request.pings; ++ping) {
    if (ping > 0 && !wait_until(next, job.deadline)) break;
    auto start = SteadyClock::now();
    auto deadline = std::min(job.deadline, start + timeout);
    NetResult r;
    if (kind_ == EchoKind::http || kind_ == EchoKind::https) {
      r = try_http(job, address, deadline);
    } else if (kind_ == EchoKind::dns) {
      r = try_dns(job, *peer, deadline);
    } else {
      r = try_stream(job, *peer, deadline);
    }
    auto end = SteadyClock::now();
    // echoping waits `waittime` after a try ends before the next one starts.
    next = end + wait;
    if (r.ok()) {
      rtts.push_back(end - start);
    } else {
      last_error = r.error;
    }
  }
  if (!last_error.empty()) {
    log().warn("echoping try target={} address={} port={} replies={}/{} last_error={}",
               request.target, address, port, rtts.size(), request.pings, last_error);
  }
  return rtts;
}

}  // namespace smokeping::probes
