#include "echo_table.hpp"

namespace smokeping::probes {

namespace {

constexpr std::size_t kSequences = 1 << 16;

}  // namespace

EchoTable::EchoTable(std::span<const IcmpAddress> hosts, int waves, EchoIds ids)
    : hosts_(hosts),
      waves_(waves < 0 ? 0 : waves),
      ids_(ids),
      packets_(hosts.size() * static_cast<std::size_t>(waves_)) {}

std::uint16_t EchoTable::sequence(std::size_t packet) const {
  return static_cast<std::uint16_t>(ids_.sequence_salt + packet % kSequences);
}

EchoTag EchoTable::tag(std::size_t packet) const {
  return {.nonce = ids_.nonce, .wave = static_cast<std::uint32_t>(wave_of(packet))};
}

void EchoTable::sent(std::size_t packet, EchoStamp at) {
  packets_[packet].sent = at;
  packets_[packet].state = State::waiting;
}

bool EchoTable::give_up(std::size_t packet) {
  Packet& p = packets_[packet];
  if (p.state != State::waiting && p.state != State::unsent) return false;
  p.state = State::lost;
  return true;
}

bool EchoTable::answer(const EchoReply& reply, const sockaddr* from, socklen_t from_len,
                       EchoStamp at) {
  if (reply.ident != ids_.ident || !reply.tag || reply.tag->nonce != ids_.nonce) return false;
  if (reply.tag->wave >= static_cast<std::uint32_t>(waves_)) return false;
  const std::size_t first = static_cast<std::size_t>(reply.tag->wave) * hosts_.size();
  // The tag gives the wave, the sequence number the host within it. Only a wave of more than
  // 2^16 hosts has several hosts per sequence number, and then the sender tells them apart.
  std::size_t host = static_cast<std::uint16_t>(reply.sequence - ids_.sequence_salt - first);
  for (; host < hosts_.size(); host += kSequences) {
    Packet& p = packets_[first + host];
    if (p.state != State::waiting || !hosts_[host].same_host(from, from_len)) continue;
    std::int64_t wall = at.wall_ns - p.sent.wall_ns;
    // The reply was read after it arrived, so the steady time until then is an upper bound; a
    // wall time outside [0, bound] means the wall clock was stepped in between.
    std::int64_t bound = at.mono_ns - p.sent.mono_ns;
    p.rtt_ns = wall >= 0 && wall <= bound ? wall : bound;
    p.state = State::answered;
    return true;
  }
  return false;
}

std::optional<std::chrono::nanoseconds> EchoTable::rtt(std::size_t packet) const {
  const Packet& p = packets_[packet];
  if (p.state != State::answered) return std::nullopt;
  return std::chrono::nanoseconds(p.rtt_ns);
}

}  // namespace smokeping::probes
