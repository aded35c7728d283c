// One round as one loop: send what is due, read what arrived, give up on what timed out, then
// sleep in ppoll() until the next of these. Waves may overlap (a straggler of wave w is still
// awaited while wave w + 1 goes out), as in fping; the EchoTable keeps their replies apart.
#include "icmp_engine.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>

namespace smokeping::probes {

namespace {

// Read the socket after this many sends even in a burst: on loopback every send queues its
// reply at once, and the receive buffer is finite.
constexpr std::size_t kSendsPerDrain = 32;
constexpr std::size_t kMaxBatch = 32;
constexpr std::size_t kMaxIpHeader = 60;
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

std::int64_t now_ns(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// The kernel's receive stamp (SO_TIMESTAMPNS), or `fallback` if there is none.
std::int64_t wall_stamp(msghdr& msg, std::int64_t fallback) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
    timespec ts;
    std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
    return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
  }
  return fallback;
}

class Round {
 public:
  Round(const IcmpSocket& socket, std::span<const IcmpAddress> hosts, const EchoSchedule& s,
        const EchoIds& ids)
      : socket_(socket),
        hosts_(hosts),
        schedule_(s),
        table_(hosts, s.waves, ids),
        builder_(socket.family(), ids.ident, s.data_bytes),
        buffer_bytes_(kMaxIpHeader + 8 + std::max<std::size_t>(kEchoTagBytes, s.data_bytes)),
        batch_(std::clamp<std::size_t>((1 << 20) / buffer_bytes_, 1, kMaxBatch)),
        buffers_(batch_ * buffer_bytes_),
        messages_(batch_),
        iovecs_(batch_),
        names_(batch_),
        controls_(batch_) {
    // Timeouts are given up on in send order, which needs deadlines in send order too.
    schedule_.last_timeout = std::max(schedule_.last_timeout, schedule_.timeout);
  }

  EchoResults run() {
    start_ = now_ns(CLOCK_MONOTONIC);
    const std::size_t total = table_.packets();
    for (;;) {
      bool blocked = send_due(now_ns(CLOCK_MONOTONIC));
      drain();
      const std::int64_t now = now_ns(CLOCK_MONOTONIC);
      expire(now);
      if (next_ == total && oldest_ == total) break;
      std::int64_t wake = kNever;
      if (next_ < total && !blocked) wake = due(next_);
      if (oldest_ < next_) wake = std::min(wake, deadline(oldest_));
      // A wake-up already past (sending and reading took a while) means no sleep at all.
      std::optional<std::int64_t> sleep;
      if (wake != kNever) sleep = std::max<std::int64_t>(0, wake - now);
      wait(blocked, sleep);
    }
    results_.hosts = hosts_.size();
    results_.rtts.resize(total);
    for (std::size_t p = 0; p < total; ++p) results_.rtts[p] = table_.rtt(p);
    return std::move(results_);
  }

 private:
  std::int64_t due(std::size_t packet) const {
    return start_ + static_cast<std::int64_t>(table_.wave_of(packet)) * schedule_.period.count() +
           static_cast<std::int64_t>(table_.host_of(packet)) * schedule_.spacing.count();
  }

  std::int64_t deadline(std::size_t packet) const {
    bool last = table_.wave_of(packet) + 1 == static_cast<std::size_t>(schedule_.waves);
    return table_.sent_at(packet).mono_ns +
           (last ? schedule_.last_timeout : schedule_.timeout).count();
  }

  // Sends every ping due by `now`. True when the socket's send buffer is full.
  bool send_due(std::int64_t now) {
    std::size_t since_drain = 0;
    while (next_ < table_.packets() && due(next_) <= now) {
      const std::size_t host = table_.host_of(next_);
      auto packet = builder_.build(table_.sequence(next_), table_.tag(next_));
      // Stamped on the wall clock, as the kernel stamps the reply, right before it leaves.
      EchoStamp at{.wall_ns = now_ns(CLOCK_REALTIME), .mono_ns = now_ns(CLOCK_MONOTONIC)};
      ssize_t n = ::sendto(socket_.fd(), packet.data(), packet.size(), 0,
                           hosts_[host].sockaddr_ptr(), hosts_[host].length());
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
        if (results_.send_failures++ == 0) {
          results_.first_failed_host = host;
          results_.first_failure_errno = errno;
        }
        table_.give_up(next_);
      } else {
        table_.sent(next_, at);
      }
      ++next_;
      if (++since_drain == kSendsPerDrain) {
        drain();
        since_drain = 0;
      }
    }
    return false;
  }

  // Reads every reply queued on the socket, a batch per system call.
  void drain() {
    for (;;) {
      for (std::size_t i = 0; i < batch_; ++i) {
        iovecs_[i] = {&buffers_[i * buffer_bytes_], buffer_bytes_};
        msghdr& m = messages_[i].msg_hdr;
        m = {};
        m.msg_name = &names_[i];
        m.msg_namelen = sizeof names_[i];
        m.msg_iov = &iovecs_[i];
        m.msg_iovlen = 1;
        m.msg_control = controls_[i].bytes;
        m.msg_controllen = sizeof controls_[i].bytes;
      }
      int n = ::recvmmsg(socket_.fd(), messages_.data(), static_cast<unsigned>(batch_),
                         MSG_DONTWAIT, nullptr);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      // Replies whose kernel stamp is missing get the read time: one clock read per batch.
      const EchoStamp read{.wall_ns = now_ns(CLOCK_REALTIME), .mono_ns = now_ns(CLOCK_MONOTONIC)};
      for (int i = 0; i < n; ++i) {
        msghdr& m = messages_[static_cast<std::size_t>(i)].msg_hdr;
        if (m.msg_flags & MSG_TRUNC) continue;  // larger than any reply to our requests
        std::span<const std::uint8_t> bytes(&buffers_[static_cast<std::size_t>(i) * buffer_bytes_],
                                            messages_[static_cast<std::size_t>(i)].msg_len);
        auto reply = parse_echo_reply(socket_.family(), bytes);
        if (!reply) continue;
        EchoStamp at{.wall_ns = wall_stamp(m, read.wall_ns), .mono_ns = read.mono_ns};
        table_.answer(*reply, static_cast<const sockaddr*>(m.msg_name), m.msg_namelen, at);
      }
      if (static_cast<std::size_t>(n) < batch_) return;
    }
  }

  void expire(std::int64_t now) {
    while (oldest_ < next_ && (!table_.waiting(oldest_) || deadline(oldest_) <= now)) {
      table_.give_up(oldest_);
      ++oldest_;
    }
  }

  // Until the socket is readable (or writable, `for_send`), or `ns` passed; nullopt: no limit.
  void wait(bool for_send, std::optional<std::int64_t> ns) {
    pollfd fd{socket_.fd(), static_cast<short>(POLLIN | (for_send ? POLLOUT : 0)), 0};
    timespec ts{};
    if (ns) {
      ts.tv_sec = static_cast<time_t>(*ns / 1'000'000'000);
      ts.tv_nsec = static_cast<long>(*ns % 1'000'000'000);
    }
    ::ppoll(&fd, 1, ns ? &ts : nullptr, nullptr);
  }

  struct Control {
    alignas(cmsghdr) unsigned char bytes[CMSG_SPACE(sizeof(timespec)) * 2];
  };

  const IcmpSocket& socket_;
  std::span<const IcmpAddress> hosts_;
  EchoSchedule schedule_;
  EchoTable table_;
  EchoRequestBuilder builder_;
  EchoResults results_;
  std::int64_t start_ = 0;
  std::size_t next_ = 0;    // the next ping to send
  std::size_t oldest_ = 0;  // no ping before it is still waiting
  // recvmmsg's arrays, built once per round.
  std::size_t buffer_bytes_;
  std::size_t batch_;
  std::vector<std::uint8_t> buffers_;
  std::vector<mmsghdr> messages_;
  std::vector<iovec> iovecs_;
  std::vector<sockaddr_in6> names_;
  std::vector<Control> controls_;
};

}  // namespace

EchoResults run_echo_round(const IcmpSocket& socket, std::span<const IcmpAddress> hosts,
                           const EchoSchedule& schedule, const EchoIds& ids) {
  if (hosts.empty() || schedule.waves <= 0) {
    EchoResults none;
    none.hosts = hosts.size();
    return none;
  }
  return Round(socket, hosts, schedule, ids).run();
}

}  // namespace smokeping::probes
