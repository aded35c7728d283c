// The probe contract's shared half: timing and logging around every module's round, and the
// table of modules this build can run.
#include "smokeping/probes/probe.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "fping.hpp"

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

std::unique_ptr<Probe> make_probe(const config::ProbeInstance& instance,
                                  std::shared_ptr<spdlog::logger> log) {
  const std::string module = instance.module ? std::string(instance.module->name) : instance.name;
  if (module == "FPing" || module == "FPing6") {
    return std::make_unique<FPingProbe>(instance, std::move(log));
  }
  throw ProbeError("probe " + module + " is not supported by this build");
}

}  // namespace smokeping::probes
