// Answers ICMP echo requests after a fixed delay, dropping a given share of them: a network with
// known latency and loss for the FPing accuracy test.
//   icmp_responder --delay-ms 30 --loss 0.2 [--seed N]
// Meant for a network namespace whose kernel does not answer pings itself
// (net.ipv4.icmp_echo_ignore_all=1). Prints "ready" once its raw socket is open; ends on
// SIGTERM or SIGINT.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Reply {
  Clock::time_point due;
  in_addr to;    // who asked
  in_addr from;  // the address they asked, so the answer comes from it
  std::vector<unsigned char> icmp;
};

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "icmp_responder: %s: %s\n", what, std::strerror(errno));
  std::exit(1);
}

std::uint16_t checksum(const unsigned char* p, std::size_t len) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < len; i += 2)
    sum += static_cast<std::uint32_t>(p[i] << 8 | p[i + 1]);
  if (len % 2) sum += static_cast<std::uint32_t>(p[len - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

// The echo request in `packet` (IP header included, as raw sockets deliver it) as a reply.
bool make_reply(const unsigned char* packet, std::size_t len, Reply& out) {
  if (len < sizeof(ip)) return false;
  ip header;
  std::memcpy(&header, packet, sizeof header);
  std::size_t hl = static_cast<std::size_t>(header.ip_hl) * 4;
  if (len < hl + ICMP_MINLEN || packet[hl] != ICMP_ECHO || packet[hl + 1] != 0) return false;
  out.to = header.ip_src;
  out.from = header.ip_dst;
  out.icmp.assign(packet + hl, packet + len);
  out.icmp[0] = ICMP_ECHOREPLY;
  out.icmp[2] = out.icmp[3] = 0;
  std::uint16_t sum = checksum(out.icmp.data(), out.icmp.size());
  out.icmp[2] = static_cast<unsigned char>(sum >> 8);
  out.icmp[3] = static_cast<unsigned char>(sum & 0xff);
  return true;
}

void send_reply(int fd, const Reply& r) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr = r.to;
  iovec iov{const_cast<unsigned char*>(r.icmp.data()), r.icmp.size()};
  alignas(cmsghdr) unsigned char control[CMSG_SPACE(sizeof(in_pktinfo))] = {};
  msghdr msg{};
  msg.msg_name = &to;
  msg.msg_namelen = sizeof to;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = IPPROTO_IP;
  cmsg->cmsg_type = IP_PKTINFO;
  cmsg->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
  in_pktinfo info{};
  info.ipi_spec_dst = r.from;
  std::memcpy(CMSG_DATA(cmsg), &info, sizeof info);
  if (sendmsg(fd, &msg, 0) < 0)
    std::fprintf(stderr, "icmp_responder: sendmsg: %s\n", std::strerror(errno));
}

// When the kernel took the packet in, on the steady clock: the SO_TIMESTAMPNS stamp is wall
// time, so shift it by how long ago it was.
Clock::time_point arrival(msghdr& msg) {
  auto now = Clock::now();
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
    timespec stamp;
    std::memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
    timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    auto ago = std::chrono::seconds(wall.tv_sec - stamp.tv_sec) +
               std::chrono::nanoseconds(wall.tv_nsec - stamp.tv_nsec);
    if (ago >= std::chrono::nanoseconds::zero() && ago < std::chrono::seconds(1)) {
      return now - std::chrono::duration_cast<Clock::duration>(ago);
    }
  }
  return now;
}

}  // namespace

int main(int argc, char** argv) {
  double delay_ms = 0, loss = 0;
  std::uint64_t seed = std::random_device{}();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string opt = argv[i];
    if (opt == "--delay-ms") {
      delay_ms = std::atof(argv[i + 1]);
    } else if (opt == "--loss") {
      loss = std::atof(argv[i + 1]);
    } else if (opt == "--seed") {
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: icmp_responder --delay-ms MS --loss FRACTION [--seed N]\n");
      return 2;
    }
  }
  const auto delay = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double, std::milli>(delay_ms));

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  if (sigprocmask(SIG_BLOCK, &signals, nullptr) != 0) die("sigprocmask");
  int sfd = signalfd(-1, &signals, SFD_CLOEXEC);
  if (sfd < 0) die("signalfd");
  int fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
  if (fd < 0) die("socket");
  // The delay counts from the kernel's arrival time, not from when this process woke up.
  int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) die("SO_TIMESTAMPNS");
  // Wake up when a reply falls due, not up to 50 us later (the default timer slack).
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  std::printf("ready\n");
  std::fflush(stdout);

  std::mt19937_64 rng(seed);
  std::bernoulli_distribution drop(loss);
  // With one fixed delay, replies fall due in arrival order: a FIFO is the whole timer queue.
  std::deque<Reply> queue;
  unsigned char buf[65536];
  for (;;) {
    timespec wait{};
    timespec* timeout = nullptr;
    if (!queue.empty()) {
      auto left = std::max(queue.front().due - Clock::now(), Clock::duration::zero());
      auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      wait.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
      wait.tv_nsec = static_cast<long>(ns % 1'000'000'000);
      timeout = &wait;
    }
    pollfd fds[2] = {{fd, POLLIN, 0}, {sfd, POLLIN, 0}};
    if (ppoll(fds, 2, timeout, nullptr) < 0 && errno != EINTR) die("ppoll");
    if (fds[1].revents & POLLIN) return 0;
    if (fds[0].revents & POLLIN) {
      for (;;) {
        iovec iov{buf, sizeof buf};
        alignas(cmsghdr) unsigned char control[256];
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        ssize_t n = recvmsg(fd, &msg, 0);
        if (n < 0) {
          if (errno == EAGAIN || errno == EWOULDBLOCK) break;
          die("recvmsg");
        }
        auto received = arrival(msg);
        Reply r;
        if (!make_reply(buf, static_cast<std::size_t>(n), r) || drop(rng)) continue;
        r.due = received + delay;
        queue.push_back(std::move(r));
      }
    }
    for (auto now = Clock::now(); !queue.empty() && queue.front().due <= now; queue.pop_front()) {
      send_reply(fd, queue.front());
    }
  }
}
