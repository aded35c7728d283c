// RemoteFPing: fping run on another host through ssh (or rsh), kept external as the original
// does: `binary [-lruser] [-prport] rhost rbinary -C pings -q -B1 -r1 [options] hosts...`,
// whose per-host summary lines ("host : 0.10 - 0.12", milliseconds) are read from stderr, or
// stdout with `usestdout = true`. Unlike the original we give the remote run a deadline
// (pings x period + 30 s), after which it is killed and the round is lost, so a hung ssh
// cannot stop the probe's later rounds. Private to src/probes.
#pragma once

#include <chrono>

#include "smokeping/probes/probe.hpp"

namespace smokeping::probes {

class RemoteFPingProbe final : public Probe {
 public:
  RemoteFPingProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log);

  // The command for one round over `hosts` (tests read it).
  std::vector<std::string> command(const std::vector<std::string>& hosts, int pings) const;
  // How long a round over `hosts` may run.
  std::chrono::milliseconds round_limit(std::size_t hosts, int pings) const;

 protected:
  std::vector<results::Measurement> measure_(std::span<const PingRequest> requests) override;

 private:
  config::ProbeInstance instance_;
  std::shared_ptr<spdlog::logger> log_;
};

// fping -C's summary line "host : 1.2 - 3.4" as the host and one column per ping (nullopt:
// lost), in ms; nullopt for other lines (fping's error messages).
struct FpingSummary {
  std::string host;
  std::vector<std::optional<double>> times_ms;
};
std::optional<FpingSummary> parse_fping_summary(const std::string& line);

}  // namespace smokeping::probes
