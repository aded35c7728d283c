// The FPing and FPing6 probes, measured in-process by our ICMP echo engine instead of running
// fping.
// Private to src/probes (make_probe builds it); tests include it to inject a resolver.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "host_resolver.hpp"
#include "smokeping/probes/probe.hpp"

namespace smokeping::probes {

// The probe section's variables, typed. Names follow the fping options they stood for.
struct FPingSettings {
  int family = 0;       // AF_INET, or AF_INET6 for FPing6 / `protocol = 6`
  int data_bytes = 56;  // `packetsize` (fping -b): ICMP payload bytes
  // The original hands these to fping as int(1000 * seconds), so whole milliseconds.
  std::optional<std::chrono::milliseconds> timeout;       // fping -t; nullopt: count-mode default
  std::optional<std::chrono::milliseconds> hostinterval;  // fping -p; nullopt: 1 s
  std::chrono::milliseconds mininterval{10};              // fping -i
  std::optional<std::uint8_t> tos;                        // fping -O
  std::string sourceaddress;                              // fping -S
  std::string interface;                                  // fping -I (2.9)
  std::optional<std::uint32_t> fwmark;                    // fping -k (2.9)
  bool blazemode = false;  // one extra ping whose answer is discarded

  // Time between two pings to the same host. fping's -i spaces every packet, so with many
  // hosts a cycle over all of them, not -p, sets the pace.
  std::chrono::milliseconds period(std::size_t hosts) const;
  // How long a wave waits for answers: fping 5 in count mode defaults -t to the period (at
  // most 2 s), and can only let a longer -t run out after the last ping.
  std::chrono::milliseconds wave_timeout(std::size_t hosts, bool last_wave) const;
};

// Throws ProbeError naming the variable when a value cannot be used.
FPingSettings parse_fping_settings(const config::ProbeInstance& instance);

struct FPingEnvironment {
  Resolver resolver = &resolve_with_getaddrinfo;
  // A name that has not resolved by then counts as not resolving; fping itself would wait.
  std::chrono::milliseconds resolve_deadline{5000};
};

class FPingProbe final : public Probe {
 public:
  FPingProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
             FPingEnvironment env = {});
  const FPingSettings& settings() const { return settings_; }

 protected:
  std::vector<results::Measurement> measure_(std::span<const PingRequest> requests) override;

 private:
  FPingSettings settings_;
  std::shared_ptr<spdlog::logger> log_;
  FPingEnvironment env_;
  std::uint16_t ident_;  // the ICMP echo ident of every request this probe sends
};

}  // namespace smokeping::probes
