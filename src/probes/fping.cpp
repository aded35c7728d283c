// FPing with liboping: the same waves fping -C sends, without running fping. liboping's
// ping_send() blocks until every host answered or the timeout passed, which is why a probe owns
// a worker thread (style.md, "Threads where an event loop suffices").
#include "fping.hpp"

#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <oping.h>
#include <spdlog/logger.h>
#include <sys/socket.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <thread>

#include "smokeping/probes/icmp_permission.hpp"

namespace smokeping::probes {

namespace {

using PingObj = std::unique_ptr<pingobj_t, decltype(&ping_destroy)>;

// liboping builds and receives packets in 4096-byte buffers that also hold the ICMP header (and,
// for IPv4, the IP header); a larger reply is truncated and fails its checksum.
constexpr int kMaxDataBytesV4 = 4096 - 20 - 8;
constexpr int kMaxDataBytesV6 = 4096 - 8;

// One address pinged this round, and every request that named it.
struct Host {
  std::string address;
  std::vector<std::size_t> requests;
  std::vector<std::optional<results::Rtt>> replies;  // one slot per wave
  bool unpingable = false;                           // liboping refused to add it
};

void set_option(pingobj_t* obj, int option, void* value, const char* name) {
  if (ping_setopt(obj, option, value) != 0) {
    throw ProbeError(fmt::format("cannot set liboping option {}: {}", name, ping_get_error(obj)));
  }
}

PingObj make_pingobj(const FPingSettings& s, const std::string& payload) {
  PingObj obj(ping_construct(), &ping_destroy);
  if (!obj) throw std::bad_alloc();
  int family = s.family;
  set_option(obj.get(), PING_OPT_AF, &family, "af");
  // After PING_OPT_AF, which would forget the source address again.
  if (!s.sourceaddress.empty()) {
    set_option(obj.get(), PING_OPT_SOURCE, const_cast<char*>(s.sourceaddress.c_str()), "source");
  }
  set_option(obj.get(), PING_OPT_DATA, const_cast<char*>(payload.c_str()), "data");
  if (s.tos) {
    std::uint8_t qos = *s.tos;
    set_option(obj.get(), PING_OPT_QOS, &qos, "qos");
  }
  if (!s.interface.empty()) {
    set_option(obj.get(), PING_OPT_DEVICE, const_cast<char*>(s.interface.c_str()), "device");
  }
  if (s.fwmark) {
    int mark = static_cast<int>(*s.fwmark);  // SO_MARK takes the 32 bits as an int
    set_option(obj.get(), PING_OPT_MARK, &mark, "mark");
  }
  return obj;
}

results::Rtt to_rtt(double ms) { return results::Rtt(std::llround(ms * 1e6)); }

std::string username(pingobj_iter_t* it) {
  char user[NI_MAXHOST] = {};
  std::size_t len = sizeof user - 1;
  return ping_iterator_get_info(it, PING_INFO_USERNAME, user, &len) == 0 ? user : "";
}

// liboping tells replies apart by ident and sequence alone, never by who sent them, and every
// host of a fresh pingobj starts at sequence 0. Two of a thousand hosts draw the same random
// 16-bit ident more often than not, and then a dead one could take a live one's reply, so
// re-add one of each pair (a new add draws a new ident) until all differ.
void make_idents_distinct(pingobj_t* obj) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    std::set<std::uint16_t> seen;
    std::vector<std::string> again;
    for (auto* it = ping_iterator_get(obj); it; it = ping_iterator_next(it)) {
      std::uint16_t ident = 0;
      std::size_t len = sizeof ident;
      if (ping_iterator_get_info(it, PING_INFO_IDENT, &ident, &len) != 0) continue;
      if (!seen.insert(ident).second) again.push_back(username(it));
    }
    if (again.empty()) return;
    for (const std::string& host : again) {
      ping_host_remove(obj, host.c_str());
      ping_host_add(obj, host.c_str());
    }
  }
}

// Adds every host (by numeric address, so liboping resolves nothing) and points each liboping
// host back at ours. Returns how many could be added.
std::size_t add_hosts(pingobj_t* obj, std::vector<Host>& hosts, spdlog::logger& log) {
  std::map<std::string, Host*> by_address;
  for (Host& h : hosts) {
    if (ping_host_add(obj, h.address.c_str()) != 0) {
      // Once per round: liboping fails the same way every wave.
      if (!h.unpingable) {
        log.warn("host cannot be pinged address={} error={}", h.address, ping_get_error(obj));
      }
      h.unpingable = true;
      continue;
    }
    by_address[h.address] = &h;
  }
  make_idents_distinct(obj);
  for (auto* it = ping_iterator_get(obj); it; it = ping_iterator_next(it)) {
    auto found = by_address.find(username(it));
    if (found != by_address.end()) ping_iterator_set_context(it, found->second);
  }
  return by_address.size();
}

}  // namespace

FPingProbe::FPingProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
                       FPingEnvironment env)
    : Probe(instance.name),
      settings_(parse_fping_settings(instance)),
      log_(log ? std::move(log) : std::make_shared<spdlog::logger>("probe." + instance.name)),
      env_(std::move(env)) {
  int max_bytes = settings_.family == AF_INET6 ? kMaxDataBytesV6 : kMaxDataBytesV4;
  if (settings_.data_bytes > max_bytes) {
    log_->warn("packetsize larger than liboping can send probe={} packetsize={} used={}",
               instance.name, settings_.data_bytes, max_bytes);
    settings_.data_bytes = max_bytes;
  }
  // Content does not matter to the measurement; it only has to be free of NUL bytes.
  payload_.resize(static_cast<std::size_t>(settings_.data_bytes));
  for (std::size_t i = 0; i < payload_.size(); ++i) payload_[i] = static_cast<char>('A' + i % 26);
}

std::vector<results::Measurement> FPingProbe::measure_(std::span<const PingRequest> requests) {
  std::vector<results::Measurement> out(requests.size());
  std::vector<std::string> names;
  int max_pings = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    out[i].target = requests[i].target;
    out[i].pings = requests[i].pings;
    names.push_back(requests[i].host);
    max_pings = std::max(max_pings, requests[i].pings);
  }
  if (requests.empty() || max_pings <= 0) return out;

  // Names are resolved now, each round, as fping did when the original started it.
  std::vector<Resolution> resolved =
      resolve_all(names, settings_.family, env_.resolver, env_.resolve_deadline);

  // One liboping host per address, whose replies go to every target naming it: the original
  // pinged each distinct host once and copied its times to all of them (FPing.pm addrlookup).
  // liboping itself would merge a second add of the same address into the first.
  std::vector<Host> hosts;
  std::map<std::string, std::size_t> by_address;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (!resolved[i].ok()) {
      log_->warn("host does not resolve target={} host={} error={}", requests[i].target,
                 requests[i].host, resolved[i].error);
      continue;
    }
    auto [it, added] = by_address.try_emplace(resolved[i].address, hosts.size());
    if (added) hosts.push_back(Host{resolved[i].address, {}, {}});
    hosts[it->second].requests.push_back(i);
  }
  if (hosts.empty()) return out;

  // liboping opens its socket inside ping_send() and reports a failure there only as text, so
  // ask the kernel first: without CAP_NET_RAW the probe cannot measure anything.
  if (auto problem = icmp_permission_problem(settings_.family)) throw ProbeError(*problem);

  // blazemode: one more ping than asked for, whose answer is discarded as the likely outlier.
  const int skip = settings_.blazemode ? 1 : 0;
  const int waves = max_pings + skip;
  for (Host& h : hosts) h.replies.resize(static_cast<std::size_t>(waves));
  const auto period = settings_.period(hosts.size());
  const auto start = std::chrono::steady_clock::now();
  bool warned = false;
  for (int w = 0; w < waves; ++w) {
    // Waves start on a fixed grid so a slow wave does not push the later ones back.
    if (w > 0) std::this_thread::sleep_until(start + w * period);
    // A fresh pingobj per wave: liboping keeps a host's send time after ping_send() gave up on
    // it, so a reply arriving between two waves would be taken, with its stale RTT, as the
    // next wave's (and end that wave early). New sockets and idents make it a stranger.
    PingObj obj = make_pingobj(settings_, payload_);
    if (add_hosts(obj.get(), hosts, *log_) == 0) break;
    double timeout =
        std::chrono::duration<double>(settings_.wave_timeout(hosts.size(), w == waves - 1)).count();
    set_option(obj.get(), PING_OPT_TIMEOUT, &timeout, "timeout");
    // Negative when sending to some host failed (its slot stays empty, a loss), or when the
    // socket could not be set up (then every slot of the wave does).
    if (ping_send(obj.get()) < 0 && !warned) {
      log_->warn("ping_send failed probe={} error={}", name(), ping_get_error(obj.get()));
      warned = true;
    }
    for (auto* it = ping_iterator_get(obj.get()); it; it = ping_iterator_next(it)) {
      auto* h = static_cast<Host*>(ping_iterator_get_context(it));
      double ms = -1;
      std::size_t len = sizeof ms;
      if (!h || ping_iterator_get_info(it, PING_INFO_LATENCY, &ms, &len) != 0) continue;
      if (ms >= 0) h->replies[static_cast<std::size_t>(w)] = to_rtt(ms);
    }
  }

  for (const Host& h : hosts) {
    for (std::size_t i : h.requests) {
      int n = std::min(requests[i].pings, waves - skip);
      for (int w = skip; w < skip + n; ++w) {
        if (h.replies[static_cast<std::size_t>(w)]) out[i].rtts.push_back(*h.replies[w]);
      }
    }
  }
  return out;
}

}  // namespace smokeping::probes
