// Runs any probe module directly, outside the daemon, and prints what it measured:
//   probe_run --probe MODULE [--pings N] [--rounds R] [--set VAR=VALUE]...
//             [--resolver ADDRESS:PORT] HOST...
// --set gives the probe section's variables (target variables too: every target inherits
// them). --resolver resolves names with the DNS server at ADDRESS:PORT instead of the system's.
// Per target and round: "rtt MS" for each reply, then "lost N"; log lines go to stderr.
// Exits 2 on bad arguments, 1 on a ProbeError.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/config/probe_catalog.hpp"
#include "src/probes/dns_exchange.hpp"
#include "src/probes/probe_factory.hpp"

namespace {

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "probe_run: %s\nusage: probe_run --probe MODULE [--pings N] [--rounds R] "
               "[--set VAR=VALUE]... [--resolver ADDRESS:PORT] HOST...\n",
               why.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string module_name;
  int pings = 5;
  int rounds = 1;
  std::string resolver;
  std::vector<std::pair<std::string, std::string>> sets;
  std::vector<std::string> hosts;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value for " + arg);
      return argv[++i];
    };
    if (arg == "--probe") {
      module_name = value();
    } else if (arg == "--pings") {
      pings = std::atoi(value().c_str());
    } else if (arg == "--rounds") {
      rounds = std::atoi(value().c_str());
    } else if (arg == "--resolver") {
      resolver = value();
    } else if (arg == "--set") {
      std::string kv = value();
      auto eq = kv.find('=');
      if (eq == std::string::npos) usage("--set wants VAR=VALUE");
      sets.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else if (arg.starts_with("--")) {
      usage("unknown option " + arg);
    } else {
      hosts.push_back(arg);
    }
  }
  if (module_name.empty() || hosts.empty() || pings < 1 || rounds < 1) {
    usage("need --probe, hosts, --pings >= 1, --rounds >= 1");
  }

  smokeping::config::ProbeInstance instance;
  instance.name = module_name;
  instance.module = smokeping::config::find_probe_module(module_name);
  if (!instance.module) usage("unknown probe module " + module_name);
  for (const auto& var : instance.module->vars) {
    if (var.default_value) instance.vars[std::string(var.name)] = std::string(*var.default_value);
  }
  for (const auto& [k, v] : sets) instance.vars[k] = v;
  instance.pings = pings;
  instance.step = 300;

  smokeping::probes::ForkedEnvironment env;
  if (!resolver.empty()) {
    auto colon = resolver.rfind(':');
    if (colon == std::string::npos) usage("--resolver wants ADDRESS:PORT");
    env.resolver = smokeping::probes::dns_server_resolver(
        resolver.substr(0, colon),
        static_cast<std::uint16_t>(std::atoi(resolver.c_str() + colon + 1)));
  }

  auto log = spdlog::stderr_logger_mt("probe." + module_name);
  std::vector<smokeping::probes::PingRequest> requests;
  for (std::size_t k = 0; k < hosts.size(); ++k) {
    requests.push_back({"t" + std::to_string(k), hosts[k], pings, nullptr});
  }
  try {
    auto probe = smokeping::probes::make_probe_in(instance, log, env);
    for (int r = 0; r < rounds; ++r) {
      for (const auto& m : probe->measure(requests)) {
        for (auto rtt : m.rtts) std::printf("rtt %.6f\n", static_cast<double>(rtt.count()) / 1e6);
        std::printf("lost %zu\n", static_cast<std::size_t>(m.pings) - m.rtts.size());
      }
      std::fflush(stdout);
    }
  } catch (const smokeping::probes::ProbeError& e) {
    std::fprintf(stderr, "probe_run: %s\n", e.what());
    return 1;
  }
  return 0;
}
