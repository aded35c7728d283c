// FPing without fping: the waves fping -C sends, from our own ICMP echo engine
// (icmp_engine.hpp). A round blocks the probe's worker thread for as long as it runs.
#include "fping.hpp"

#include <spdlog/logger.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <system_error>
#include <unordered_map>

#include "icmp_engine.hpp"

namespace smokeping::probes {

namespace {

// One address pinged this round, and every request that named it.
struct Host {
  std::string address;
  std::vector<std::size_t> requests;
};

EchoIds round_ids(std::uint16_t ident) {
  std::random_device random;
  return {.ident = ident,
          .sequence_salt = static_cast<std::uint16_t>(random()),
          .nonce = static_cast<std::uint32_t>(random())};
}

IcmpSocketOptions socket_options(const FPingSettings& s) {
  return {.family = s.family,
          .tos = s.tos,
          .source = s.sourceaddress,
          .interface = s.interface,
          .fwmark = s.fwmark};
}

}  // namespace

FPingProbe::FPingProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
                       FPingEnvironment env)
    : Probe(instance.name),
      settings_(parse_fping_settings(instance)),
      log_(log ? std::move(log) : std::make_shared<spdlog::logger>("probe." + instance.name)),
      env_(std::move(env)),
      // Random, so two probes (or two daemons) on one machine rarely share one; the kernel
      // filter on it then spares each the other's replies.
      ident_(static_cast<std::uint16_t>(std::random_device{}())) {}

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

  // One host per address, whose replies go to every target naming it: the original pinged each
  // distinct host once and copied its times to all of them (FPing.pm addrlookup). Each address
  // is parsed here, once per round; the engine resolves nothing.
  constexpr std::size_t kUnpingable = static_cast<std::size_t>(-1);
  std::vector<Host> hosts;
  std::vector<IcmpAddress> addresses;
  std::unordered_map<std::string, std::size_t> by_address;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (!resolved[i].ok()) {
      log_->warn("host does not resolve target={} host={} error={}", requests[i].target,
                 requests[i].host, resolved[i].error);
      continue;
    }
    auto [it, added] = by_address.try_emplace(resolved[i].address, hosts.size());
    if (added) {
      auto address = IcmpAddress::parse(resolved[i].address, settings_.family);
      if (!address) {
        // Once per round, however many targets name it.
        log_->warn(
            "host cannot be pinged address={} error=not a numeric address of the family, or an "
            "unknown zone",
            resolved[i].address);
        it->second = kUnpingable;
        continue;
      }
      hosts.push_back(Host{resolved[i].address, {}});
      addresses.push_back(*address);
    }
    if (it->second != kUnpingable) hosts[it->second].requests.push_back(i);
  }
  if (hosts.empty()) return out;

  // Throws ProbeError without CAP_NET_RAW: then the probe cannot measure anything. An option
  // the kernel refuses (an unknown interface, a source address not ours) loses this round's
  // pings, as fping's refusal to start did for the original.
  std::optional<IcmpSocket> socket;
  try {
    socket.emplace(socket_options(settings_), ident_);
  } catch (const std::system_error& e) {
    log_->warn("cannot set up the ICMP socket probe={} error={}", name(), e.what());
    return out;
  }

  // blazemode: one more ping than asked for, whose answer is discarded as the likely outlier.
  const int skip = settings_.blazemode ? 1 : 0;
  EchoSchedule schedule;
  schedule.waves = max_pings + skip;
  schedule.period = settings_.period(hosts.size());
  // A wave goes out at once, as it did before: mininterval only stretches the period. Spacing
  // the pings by mininterval, as fping does, costs a wake-up per ping: 6.9 s of CPU instead of
  // 0.5 s for a round of 5 000 hosts x 20 pings at 1 ms. The socket's send buffer still keeps
  // no more than a few hundred packets of a burst in flight.
  schedule.spacing = std::chrono::nanoseconds::zero();
  schedule.timeout = settings_.wave_timeout(hosts.size(), false);
  schedule.last_timeout = settings_.wave_timeout(hosts.size(), true);
  schedule.data_bytes = settings_.data_bytes;
  EchoResults results = run_echo_round(*socket, addresses, schedule, round_ids(ident_));
  if (results.send_failures > 0) {
    log_->warn("ping not sent probe={} address={} error={} unsent={}", name(),
               hosts[results.first_failed_host].address, std::strerror(results.first_failure_errno),
               results.send_failures);
  }

  for (std::size_t h = 0; h < hosts.size(); ++h) {
    for (std::size_t i : hosts[h].requests) {
      int n = std::min(requests[i].pings, schedule.waves - skip);
      for (int w = skip; w < skip + n; ++w) {
        if (const auto& rtt = results.rtt(w, h)) out[i].rtts.push_back(*rtt);
      }
    }
  }
  return out;
}

}  // namespace smokeping::probes
