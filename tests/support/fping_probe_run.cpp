// Runs the FPing probe directly, outside the daemon, and prints what it measured:
//   fping_probe_run [--probe FPing|FPing6] [--pings N] [--rounds R] [--set VAR=VALUE]...
//                   [--loopback N] [--summary] HOST...
// Per target and round: "rtt MS" for each reply, then "lost N". With --summary only one
// "round R targets=T replies=N lost=L seconds=S" line per round. --loopback N adds the hosts
// 127.0.x.y (N of them, y in 1..250). Exits 2 on bad arguments, 1 on a ProbeError.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/config/probe_catalog.hpp"
#include "smokeping/probes/probe.hpp"

namespace {

using smokeping::config::ProbeInstance;

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "fping_probe_run: %s\nusage: fping_probe_run [--probe FPing|FPing6] [--pings N] "
               "[--rounds R] [--set VAR=VALUE]... [--loopback N] [--summary] HOST...\n",
               why.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string module_name = "FPing";
  int pings = 20;
  int rounds = 1;
  bool summary = false;
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
    } else if (arg == "--summary") {
      summary = true;
    } else if (arg == "--set") {
      std::string kv = value();
      auto eq = kv.find('=');
      if (eq == std::string::npos) usage("--set wants VAR=VALUE");
      sets.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else if (arg == "--loopback") {
      int n = std::atoi(value().c_str());
      for (int k = 0; k < n; ++k) {
        hosts.push_back("127.0." + std::to_string(k / 250) + "." + std::to_string(k % 250 + 1));
      }
    } else if (arg.starts_with("--")) {
      usage("unknown option " + arg);
    } else {
      hosts.push_back(arg);
    }
  }
  if (hosts.empty() || pings < 1 || rounds < 1) usage("need hosts, --pings >= 1, --rounds >= 1");

  ProbeInstance instance;
  instance.name = module_name;
  instance.module = smokeping::config::find_probe_module(module_name);
  if (!instance.module) usage("unknown probe module " + module_name);
  for (const auto& var : instance.module->vars) {
    if (var.default_value) instance.vars[std::string(var.name)] = std::string(*var.default_value);
  }
  instance.vars["binary"] = "/usr/bin/fping";  // required by the grammar, never executed
  for (const auto& [k, v] : sets) instance.vars[k] = v;
  instance.pings = pings;
  instance.step = 300;

  auto log = spdlog::stderr_logger_mt("probe." + module_name);
  std::vector<smokeping::probes::PingRequest> requests;
  for (std::size_t k = 0; k < hosts.size(); ++k) {
    requests.push_back({"t" + std::to_string(k), hosts[k], pings, nullptr});
  }
  try {
    auto probe = smokeping::probes::make_probe(instance, log);
    for (int r = 0; r < rounds; ++r) {
      auto start = std::chrono::steady_clock::now();
      auto measurements = probe->measure(requests);
      std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      std::size_t replies = 0;
      for (const auto& m : measurements) {
        replies += m.rtts.size();
        if (summary) continue;
        for (auto rtt : m.rtts) std::printf("rtt %.6f\n", static_cast<double>(rtt.count()) / 1e6);
        std::printf("lost %zu\n", static_cast<std::size_t>(m.pings) - m.rtts.size());
      }
      if (summary) {
        std::size_t sent = hosts.size() * static_cast<std::size_t>(pings);
        std::printf("round %d targets=%zu replies=%zu lost=%zu seconds=%.3f\n", r, hosts.size(),
                    replies, sent - replies, took.count());
      }
      std::fflush(stdout);
    }
  } catch (const smokeping::probes::ProbeError& e) {
    std::fprintf(stderr, "fping_probe_run: %s\n", e.what());
    return 1;
  }
  return 0;
}
