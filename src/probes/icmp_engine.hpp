// The ICMP echo engine behind the FPing probe: one round of pings to many hosts from one raw
// socket, in a single poll loop. Private to src/probes; tests include it.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <vector>

#include "echo_table.hpp"
#include "icmp_packet.hpp"
#include "icmp_socket.hpp"

namespace smokeping::probes {

// When a round's pings go out and how long each waits for its reply. Wave w's ping to host h
// is due at start + w * period + h * spacing, as fping -C spaces them.
struct EchoSchedule {
  int waves = 0;
  std::chrono::nanoseconds period{};   // between the starts of two waves
  std::chrono::nanoseconds spacing{};  // between two pings of a wave; zero sends a wave at once
  std::chrono::nanoseconds timeout{};  // for a ping of any wave but the last
  std::chrono::nanoseconds last_timeout{};
  int data_bytes = 56;  // ICMP payload; at least kEchoTagBytes are sent
};

struct EchoResults {
  std::size_t hosts = 0;
  std::vector<std::optional<std::chrono::nanoseconds>> rtts;  // [wave * hosts + host]
  std::size_t send_failures = 0;
  std::size_t first_failed_host = 0;  // when send_failures > 0: where,
  int first_failure_errno = 0;        // and why sendto refused

  const std::optional<std::chrono::nanoseconds>& rtt(int wave, std::size_t host) const {
    return rtts[static_cast<std::size_t>(wave) * hosts + host];
  }
};

// Sends every ping of `schedule` to every host (distinct addresses of the socket's family) and
// waits for the replies; returns when each ping was answered or timed out. A ping whose sendto
// fails counts as lost, like one that is never answered.
EchoResults run_echo_round(const IcmpSocket& socket, std::span<const IcmpAddress> hosts,
                           const EchoSchedule& schedule, const EchoIds& ids);

}  // namespace smokeping::probes
