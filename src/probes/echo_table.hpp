// Which ping a reply answers, and how long it took. Pure code (the engine brings the clock and
// the socket), so the matching rules are tested without a network. Private to src/probes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "icmp_packet.hpp"

namespace smokeping::probes {

// Drawn at random per probe (ident) and per round (the rest), so neither another pinger on this
// machine nor an earlier round can be taken for this one.
struct EchoIds {
  std::uint16_t ident = 0;
  std::uint16_t sequence_salt = 0;
  std::uint32_t nonce = 0;
};

// A moment on both clocks: the kernel stamps replies with wall time (SO_TIMESTAMPNS), and the
// steady clock bounds the result when the wall clock was stepped in between.
struct EchoStamp {
  std::int64_t wall_ns = 0;
  std::int64_t mono_ns = 0;
};

// One round's pings, numbered packet = wave * hosts + host in the order they are sent.
// Requests carry sequence = salt + packet (mod 2^16) and the tag {nonce, wave}; a reply counts
// only if ident, tag, sequence and sender all name a ping that is still waiting. So a reply that
// comes after its ping timed out (a late one from an earlier wave) or a second time is dropped.
class EchoTable {
 public:
  EchoTable(std::span<const IcmpAddress> hosts, int waves, EchoIds ids);

  std::size_t hosts() const { return hosts_.size(); }
  std::size_t packets() const { return packets_.size(); }
  std::size_t host_of(std::size_t packet) const { return packet % hosts_.size(); }
  std::size_t wave_of(std::size_t packet) const { return packet / hosts_.size(); }
  std::uint16_t sequence(std::size_t packet) const;
  EchoTag tag(std::size_t packet) const;

  void sent(std::size_t packet, EchoStamp at);
  // Counts the ping as lost: sending failed, or it timed out. False if it was not waiting.
  bool give_up(std::size_t packet);
  bool waiting(std::size_t packet) const { return packets_[packet].state == State::waiting; }
  const EchoStamp& sent_at(std::size_t packet) const { return packets_[packet].sent; }

  // Records `reply` from `from`, received at `at`; true if it answered a waiting ping.
  bool answer(const EchoReply& reply, const sockaddr* from, socklen_t from_len, EchoStamp at);
  std::optional<std::chrono::nanoseconds> rtt(std::size_t packet) const;

 private:
  enum class State : std::uint8_t { unsent, waiting, answered, lost };
  struct Packet {
    EchoStamp sent;
    std::int64_t rtt_ns = 0;
    State state = State::unsent;
  };
  std::span<const IcmpAddress> hosts_;
  int waves_;
  EchoIds ids_;
  std::vector<Packet> packets_;
};

}  // namespace smokeping::probes
