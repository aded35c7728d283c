// make_probe with the fork-style modules' environment injected: tests and the probe runner
// resolve names with their own DNS server instead of the system's. Private to src/probes.
#pragma once

#include "forked_probe.hpp"

namespace smokeping::probes {

std::unique_ptr<Probe> make_probe_in(const config::ProbeInstance& instance,
                                     std::shared_ptr<spdlog::logger> log,
                                     const ForkedEnvironment& env);

}  // namespace smokeping::probes
