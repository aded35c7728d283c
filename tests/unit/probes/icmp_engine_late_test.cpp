// Replies that come after their ping timed out, with real packets: in a child process with a
// network namespace of its own, whose kernel does not answer pings, a responder thread answers
// 127.0.0.1 late in wave 0 and on time afterwards, and never answers 127.0.0.2.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <thread>

#include "fping_test_support.hpp"
#include "src/probes/icmp_engine.hpp"

namespace {

using smokeping::probes::EchoIds;
using smokeping::probes::EchoSchedule;
using smokeping::probes::IcmpAddress;
using smokeping::probes::IcmpSocket;
using smokeping::probes::internet_checksum;
using smokeping::probes::UniqueFd;
using smokeping::probes::testing::can_open_raw_socket;
using smokeping::probes::testing::options;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr EchoIds kIds{.ident = 0x7a7e, .sequence_salt = 0x1234, .nonce = 0xfeedbeef};
// Wave 0's reply comes while wave 1's ping (sent at 100 ms) still waits for its own (at 140 ms),
// which is what a matcher by ident and sequence alone would take it for.
constexpr auto kPeriod = 100ms;
constexpr auto kTimeout = 60ms;
constexpr std::chrono::milliseconds kDelay[] = {130ms, 40ms, 0ms};

bool has_capability(int cap) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &header, data) != 0) return false;
  return data[cap / 32].effective & (1u << (cap % 32));
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "%s: %s\n", what, std::strerror(errno));
  std::_Exit(1);
}

void bring_up_loopback() {
  UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(fd.get(), SIOCGIFFLAGS, &ifr) != 0) fail("SIOCGIFFLAGS");
  ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
  if (::ioctl(fd.get(), SIOCSIFFLAGS, &ifr) != 0) fail("SIOCSIFFLAGS");
}

struct Pending {
  Clock::time_point due;
  sockaddr_in to{};
  std::vector<std::uint8_t> icmp;
};

// Answers echo requests to 127.0.0.1 after kDelay[wave], the wave read from the request's tag.
void respond(int fd, const std::atomic<bool>& stop) {
  std::deque<Pending> queue;
  std::vector<std::uint8_t> buf(65536);
  while (!stop) {
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, 1);
    for (ssize_t n; (n = ::recv(fd, buf.data(), buf.size(), MSG_DONTWAIT)) > 0;) {
      std::size_t header = static_cast<std::size_t>(buf[0] & 0x0f) * 4;
      in_addr dst;
      std::memcpy(&dst, &buf[16], sizeof dst);
      if (buf[header] != 8 || dst.s_addr != htonl(INADDR_LOOPBACK)) continue;
      Pending r;
      r.icmp.assign(buf.begin() + static_cast<long>(header), buf.begin() + n);
      std::uint32_t wave;
      std::memcpy(&wave, &r.icmp[12], sizeof wave);
      r.due = Clock::now() + kDelay[std::min<std::uint32_t>(wave, 2)];
      r.icmp[0] = 0;
      r.icmp[2] = r.icmp[3] = 0;
      std::uint16_t sum = internet_checksum(r.icmp);
      r.icmp[2] = static_cast<std::uint8_t>(sum >> 8);
      r.icmp[3] = static_cast<std::uint8_t>(sum & 0xff);
      r.to.sin_family = AF_INET;
      std::memcpy(&r.to.sin_addr, &buf[12], sizeof r.to.sin_addr);
      auto at = std::upper_bound(queue.begin(), queue.end(), r.due,
                                 [](auto due, const Pending& q) { return due < q.due; });
      queue.insert(at, std::move(r));
    }
    for (auto now = Clock::now(); !queue.empty() && queue.front().due <= now; queue.pop_front()) {
      const Pending& r = queue.front();
      ::sendto(fd, r.icmp.data(), r.icmp.size(), 0, reinterpret_cast<const sockaddr*>(&r.to),
               sizeof r.to);
    }
  }
}

void late_replies_in_a_namespace() {
  if (::unshare(CLONE_NEWNET) != 0) fail("unshare");
  bring_up_loopback();
  std::ofstream("/proc/sys/net/ipv4/icmp_echo_ignore_all") << "1\n";
  UniqueFd responder_fd(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP));
  if (responder_fd.get() < 0) fail("responder socket");
  std::atomic<bool> stop = false;
  std::thread responder(respond, responder_fd.get(), std::cref(stop));

  IcmpSocket socket(options(AF_INET), kIds.ident);
  std::vector<IcmpAddress> hosts = {*IcmpAddress::parse("127.0.0.1", AF_INET),
                                    *IcmpAddress::parse("127.0.0.2", AF_INET)};
  EchoSchedule s{.waves = 3,
                 .period = kPeriod,
                 .spacing = 0ms,
                 .timeout = kTimeout,
                 .last_timeout = kTimeout,
                 .data_bytes = 56};
  auto r = smokeping::probes::run_echo_round(socket, hosts, s, kIds);
  stop = true;
  responder.join();

  auto ms = [](const auto& rtt) {
    return rtt ? std::chrono::duration<double, std::milli>(*rtt).count() : -1.0;
  };
  std::fprintf(stderr, "rtts ms: %.3f %.3f %.3f; silent host: %d %d %d\n", ms(r.rtt(0, 0)),
               ms(r.rtt(1, 0)), ms(r.rtt(2, 0)), r.rtt(0, 1).has_value(), r.rtt(1, 1).has_value(),
               r.rtt(2, 1).has_value());
  bool ok = !r.rtt(0, 0) && r.rtt(1, 0) && *r.rtt(1, 0) >= 39ms && *r.rtt(1, 0) < kTimeout &&
            r.rtt(2, 0) && *r.rtt(2, 0) < 20ms && !r.rtt(0, 1) && !r.rtt(1, 1) && !r.rtt(2, 1);
  std::fprintf(stderr, ok ? "late reply ignored\n" : "late reply miscounted\n");
  std::_Exit(ok ? 0 : 1);
}

TEST(IcmpEngineLate, AReplyAfterItsTimeoutIsLostAndNotTakenForTheNextWaves) {
  if (!can_open_raw_socket() || !has_capability(CAP_SYS_ADMIN)) {
    GTEST_SKIP() << "needs CAP_NET_RAW and CAP_SYS_ADMIN (run as root)";
  }
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(late_replies_in_a_namespace(), ::testing::ExitedWithCode(0), "late reply ignored");
}

}  // namespace
