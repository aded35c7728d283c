// The echo engine with real ICMP: against loopback, and in a network namespace of its own where
// a responder thread answers late. Needs CAP_NET_RAW (and CAP_SYS_ADMIN for the namespace).
#include "src/probes/icmp_engine.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <system_error>

#include "fping_test_support.hpp"

namespace {

using smokeping::probes::EchoIds;
using smokeping::probes::EchoResults;
using smokeping::probes::EchoSchedule;
using smokeping::probes::IcmpAddress;
using smokeping::probes::IcmpSocket;
using smokeping::probes::IcmpSocketOptions;
using smokeping::probes::run_echo_round;
using smokeping::probes::testing::can_open_raw_socket;
using smokeping::probes::testing::options;
using namespace std::chrono_literals;

constexpr EchoIds kIds{.ident = 0x51c3, .sequence_salt = 0xfffe, .nonce = 0x0badcafe};

EchoSchedule schedule(int waves, std::chrono::milliseconds period,
                      std::chrono::milliseconds timeout, int data_bytes = 56) {
  return {.waves = waves,
          .period = period,
          .spacing = 1ms,
          .timeout = timeout,
          .last_timeout = timeout,
          .data_bytes = data_bytes};
}

std::vector<IcmpAddress> addresses(std::initializer_list<const char*> texts, int family) {
  std::vector<IcmpAddress> out;
  for (const char* t : texts) out.push_back(*IcmpAddress::parse(t, family));
  return out;
}

int int_option(int fd, int level, int name) {
  int value = -1;
  socklen_t len = sizeof value;
  if (::getsockopt(fd, level, name, &value, &len) != 0) return -1;
  return value;
}

class IcmpEngine : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!can_open_raw_socket()) GTEST_SKIP() << "needs CAP_NET_RAW (run as root)";
  }
};

TEST_F(IcmpEngine, EveryLoopbackHostAnswersEveryWave) {
  IcmpSocket socket(options(AF_INET), kIds.ident);
  auto hosts = addresses({"127.0.0.1", "127.0.0.2", "127.0.0.3"}, AF_INET);
  EchoResults r = run_echo_round(socket, hosts, schedule(4, 20ms, 200ms), kIds);
  ASSERT_EQ(r.rtts.size(), 12u);
  EXPECT_EQ(r.send_failures, 0u);
  for (int w = 0; w < 4; ++w) {
    for (std::size_t h = 0; h < hosts.size(); ++h) {
      ASSERT_TRUE(r.rtt(w, h)) << "wave " << w << " host " << h;
      EXPECT_GT(*r.rtt(w, h), 0ns);
      EXPECT_LT(*r.rtt(w, h), 5ms);
    }
  }
}

TEST_F(IcmpEngine, Ipv6LoopbackAnswers) {
  if (!can_open_raw_socket(AF_INET6)) GTEST_SKIP() << "no IPv6";
  IcmpSocket socket(options(AF_INET6), kIds.ident);
  auto hosts = addresses({"::1"}, AF_INET6);
  EchoResults r = run_echo_round(socket, hosts, schedule(3, 10ms, 200ms), kIds);
  if (!r.rtt(0, 0) && !r.rtt(1, 0)) GTEST_SKIP() << "::1 does not answer (IPv6 off on lo?)";
  for (int w = 0; w < 3; ++w) EXPECT_TRUE(r.rtt(w, 0)) << "wave " << w;
}

TEST_F(IcmpEngine, RequestsLeaveWithTheTosAndPayloadAsked) {
  // A second raw socket on loopback sees our requests come in, IP header and all.
  auto listener = smokeping::probes::testing::echo_request_listener("127.0.0.4");
  ASSERT_GE(listener.get(), 0);
  IcmpSocketOptions tos = options(AF_INET);
  tos.tos = 0x10;
  // The listener sees every echo request on the machine: an ident of this process's own keeps
  // the other tests' pings (ctest runs them in parallel, with kIds) out of the count.
  EchoIds ids = kIds;
  ids.ident = static_cast<std::uint16_t>(::getpid() ^ 0x5a5a);
  IcmpSocket socket(tos, ids.ident);
  auto hosts = addresses({"127.0.0.4"}, AF_INET);
  EchoResults r = run_echo_round(socket, hosts, schedule(1, 10ms, 200ms, 1000), ids);
  EXPECT_TRUE(r.rtt(0, 0));
  int requests = 0;
  std::vector<std::uint8_t> buf(65536);
  for (ssize_t n; (n = ::recv(listener.get(), buf.data(), buf.size(), 0)) > 0;) {
    std::size_t header = static_cast<std::size_t>(buf[0] & 0x0f) * 4;
    if (buf[header] != 8 || (buf[header + 4] << 8 | buf[header + 5]) != ids.ident) continue;
    ++requests;
    EXPECT_EQ(buf[1], 0x10);                                // TOS
    EXPECT_EQ(n, static_cast<ssize_t>(header + 8 + 1000));  // header + ICMP + payload
    EXPECT_EQ(buf[2] << 8 | buf[3], static_cast<int>(n));   // IP total length
  }
  EXPECT_EQ(requests, 1);
}

TEST(IcmpSocket, OptionsAreSetOnTheSocket) {
  if (!can_open_raw_socket()) GTEST_SKIP() << "needs CAP_NET_RAW (run as root)";
  IcmpSocket v4(
      {.family = AF_INET, .tos = 0xb8, .source = "127.0.0.1", .interface = "lo", .fwmark = 42},
      kIds.ident);
  EXPECT_EQ(int_option(v4.fd(), IPPROTO_IP, IP_TOS), 0xb8);
  EXPECT_EQ(int_option(v4.fd(), SOL_SOCKET, SO_MARK), 42);
  EXPECT_EQ(int_option(v4.fd(), SOL_SOCKET, SO_TIMESTAMPNS), 1);
  char device[IFNAMSIZ] = {};
  socklen_t len = sizeof device;
  ASSERT_EQ(::getsockopt(v4.fd(), SOL_SOCKET, SO_BINDTODEVICE, device, &len), 0);
  EXPECT_STREQ(device, "lo");
  sockaddr_in bound{};
  len = sizeof bound;
  ASSERT_EQ(::getsockname(v4.fd(), reinterpret_cast<sockaddr*>(&bound), &len), 0);
  EXPECT_EQ(bound.sin_addr.s_addr, htonl(INADDR_LOOPBACK));

  if (!can_open_raw_socket(AF_INET6)) return;
  IcmpSocketOptions o6 = options(AF_INET6);
  o6.tos = 0x20;
  IcmpSocket v6(o6, kIds.ident);
  EXPECT_EQ(int_option(v6.fd(), IPPROTO_IPV6, IPV6_TCLASS), 0x20);
}

TEST(IcmpSocket, AnOptionTheKernelRefusesIsASystemErrorNamingIt) {
  if (!can_open_raw_socket()) GTEST_SKIP() << "needs CAP_NET_RAW (run as root)";
  try {
    IcmpSocketOptions o = options(AF_INET);
    o.interface = "nosuchif0";
    IcmpSocket socket(o, kIds.ident);
    FAIL() << "no error";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find("SO_BINDTODEVICE nosuchif0"), std::string::npos)
        << e.what();
  }
  // 192.0.2.1 (TEST-NET-1) is on no interface of this machine.
  IcmpSocketOptions elsewhere = options(AF_INET);
  elsewhere.source = "192.0.2.1";
  EXPECT_THROW(IcmpSocket(elsewhere, kIds.ident), std::system_error);
}

}  // namespace
