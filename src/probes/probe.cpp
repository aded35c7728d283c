// The probe contract's shared half: timing and logging around every module's round, and the
// table of modules this build can run.
#include "smokeping/probes/probe.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "curl_probe.hpp"
#include "dns_probe.hpp"
#include "echoping_probe.hpp"
#include "fping.hpp"
#include "probe_factory.hpp"
#include "remote_fping.hpp"
#include "ssh_probe.hpp"
#include "tcpping_probe.hpp"

namespace smokeping::probes {

std::vector<results::Measurement> Probe::measure(std::span<const PingRequest> requests) {
  const auto start = std::chrono::steady_clock::now();
  // A ProbeError is the scheduler's to catch and report, per round.
  std::vector<results::Measurement> out = measure_(requests);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  // Probe holds no logger of its own (probe.hpp), so the round summary goes to the default one.
  spdlog::debug("probe.{} round targets={} seconds={:.3f}", name_, requests.size(), took.count());
  return out;
}

std::unique_ptr<Probe> make_probe_in(const config::ProbeInstance& instance,
                                     std::shared_ptr<spdlog::logger> log,
                                     const ForkedEnvironment& env) {
  const std::string module = instance.module ? std::string(instance.module->name) : instance.name;
  if (module == "FPing" || module == "FPing6") {
    return std::make_unique<FPingProbe>(instance, std::move(log),
                                        FPingEnvironment{env.resolver, env.resolve_deadline});
  }
  if (module == "RemoteFPing") return std::make_unique<RemoteFPingProbe>(instance, std::move(log));
  if (module == "DNS") return std::make_unique<DigDnsProbe>(instance, std::move(log), env);
  if (module == "AnotherDNS") {
    return std::make_unique<AnotherDnsProbe>(instance, std::move(log), env);
  }
  if (module == "TCPPing") return std::make_unique<TcpPingProbe>(instance, std::move(log), env);
  if (module == "Curl" || module == "AnotherCurl") {
    return std::make_unique<CurlProbe>(instance, std::move(log), env);
  }
  if (module == "SSH" || module == "AnotherSSH") {
    return std::make_unique<SshProbe>(instance, std::move(log), env);
  }
  if (auto kind = echo_kind_of(module)) {
    return std::make_unique<EchoPingProbe>(instance, *kind, std::move(log), env);
  }
  throw ProbeError("probe " + module + " is not supported by this build");
}

std::unique_ptr<Probe> make_probe(const config::ProbeInstance& instance,
                                  std::shared_ptr<spdlog::logger> log) {
  return make_probe_in(instance, std::move(log), ForkedEnvironment{});
}

}  // namespace smokeping::probes
