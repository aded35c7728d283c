// The FPing probe against loopback (127.0.0.0/8 answers every address), with real ICMP. Needs
// CAP_NET_RAW; names go to fake resolvers so no test sends a DNS query.
#include "src/probes/fping.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <thread>

#include "fping_test_support.hpp"

namespace {

using smokeping::probes::FPingEnvironment;
using smokeping::probes::FPingProbe;
using smokeping::probes::PingRequest;
using smokeping::probes::ProbeError;
using smokeping::probes::Resolution;
using smokeping::probes::testing::can_open_raw_socket;
using smokeping::probes::testing::CapturedLog;
using smokeping::probes::testing::fping_instance;
using smokeping::results::Rtt;
using namespace std::chrono_literals;

// Fast waves keep the suite quick; the semantics do not depend on the period.
const std::map<std::string, std::string> kFast = {{"hostinterval", "0.05"}};

FPingEnvironment fake_dns() {
  FPingEnvironment env;
  env.resolver = [](const std::string& host, int) {
    if (host == "loop.test") return Resolution{"127.0.0.1", {}};
    return Resolution{{}, "Name or service not known"};
  };
  env.resolve_deadline = 300ms;
  return env;
}

class FPingLive : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!can_open_raw_socket()) GTEST_SKIP() << "needs CAP_NET_RAW (run as root)";
  }
  CapturedLog captured_;
};

TEST_F(FPingLive, EveryPingToLoopbackIsAnswered) {
  FPingProbe probe(fping_instance("FPing", kFast), captured_.log, fake_dns());
  std::vector<PingRequest> reqs = {{"A/one", "127.0.0.1", 5, nullptr},
                                   {"A/two", "127.0.0.2", 5, nullptr}};
  auto out = probe.measure(reqs);
  ASSERT_EQ(out.size(), 2u);
  for (const auto& m : out) {
    EXPECT_EQ(m.pings, 5);
    EXPECT_EQ(m.time, 0);  // the scheduler stamps it
    EXPECT_FALSE(m.uptime);
    ASSERT_EQ(m.rtts.size(), 5u) << m.target;
    for (Rtt rtt : m.rtts) {
      EXPECT_GT(rtt, Rtt(0));
      EXPECT_LT(rtt, 5ms);
    }
  }
  EXPECT_EQ(out[0].target, "A/one");
  EXPECT_EQ(out[1].target, "A/two");
}

TEST_F(FPingLive, TargetsSharingAnAddressEachGetTheReplies) {
  FPingProbe probe(fping_instance("FPing", kFast), captured_.log, fake_dns());
  std::vector<PingRequest> reqs = {{"a", "127.0.0.1", 4, nullptr},
                                   {"b", "127.0.0.1", 4, nullptr},
                                   {"c", "loop.test", 4, nullptr}};  // resolves to 127.0.0.1
  auto out = probe.measure(reqs);
  ASSERT_EQ(out.size(), 3u);
  for (const auto& m : out) EXPECT_EQ(m.rtts.size(), 4u) << m.target;
  EXPECT_EQ(out[0].rtts, out[1].rtts);
  EXPECT_EQ(out[0].rtts, out[2].rtts);
}

TEST_F(FPingLive, AnAddressNamedTwiceIsPingedOncePerWave) {
  // A second raw socket on loopback sees every request to that address come in.
  auto listener = smokeping::probes::testing::echo_request_listener("127.0.9.7");
  ASSERT_GE(listener.get(), 0);
  FPingProbe probe(fping_instance("FPing", kFast), captured_.log, fake_dns());
  std::vector<PingRequest> reqs = {{"a", "127.0.9.7", 3, nullptr}, {"b", "127.0.9.7", 3, nullptr}};
  auto out = probe.measure(reqs);
  EXPECT_EQ(out[0].rtts.size(), 3u);
  EXPECT_EQ(out[0].rtts, out[1].rtts);
  int requests = 0;
  unsigned char buf[2048];
  while (::recv(listener.get(), buf, sizeof buf, 0) > 0) ++requests;
  EXPECT_EQ(requests, 3);
}

TEST_F(FPingLive, AnUnresolvableHostLosesEveryPingAndIsLogged) {
  FPingProbe probe(fping_instance("FPing", kFast), captured_.log, fake_dns());
  std::vector<PingRequest> reqs = {{"gone", "nohost.invalid", 3, nullptr},
                                   {"here", "127.0.0.1", 3, nullptr}};
  auto out = probe.measure(reqs);
  EXPECT_EQ(out[0].target, "gone");
  EXPECT_EQ(out[0].pings, 3);
  EXPECT_TRUE(out[0].rtts.empty());
  EXPECT_EQ(out[1].rtts.size(), 3u);
  EXPECT_NE(captured_.text().find("host does not resolve target=gone host=nohost.invalid"),
            std::string::npos)
      << captured_.text();
}

TEST_F(FPingLive, ASlowResolverDoesNotHoldTheRound) {
  FPingEnvironment env;
  env.resolver = [](const std::string&, int) {
    std::this_thread::sleep_for(3s);
    return Resolution{"127.0.0.1", {}};
  };
  env.resolve_deadline = 200ms;
  FPingProbe probe(fping_instance("FPing", kFast), captured_.log, env);
  std::vector<PingRequest> reqs = {{"slow", "slow.test", 3, nullptr},
                                   {"here", "127.0.0.1", 3, nullptr}};
  auto start = std::chrono::steady_clock::now();
  auto out = probe.measure(reqs);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(out[0].rtts.empty());
  EXPECT_EQ(out[1].rtts.size(), 3u);
  EXPECT_NE(captured_.text().find("resolution timed out"), std::string::npos);
}

TEST_F(FPingLive, HundredsOfHostsAllGetTheirOwnReplies) {
  // mininterval 0: otherwise 10 ms per host would stretch the period to seconds.
  FPingProbe probe(fping_instance("FPing", {{"hostinterval", "0.05"}, {"mininterval", "0"}}),
                   captured_.log);
  std::vector<PingRequest> reqs;
  for (int k = 0; k < 500; ++k) {
    std::string host = "127.1." + std::to_string(k / 250) + "." + std::to_string(k % 250 + 1);
    reqs.push_back({host, host, 2, nullptr});
  }
  auto out = probe.measure(reqs);
  ASSERT_EQ(out.size(), reqs.size());
  for (const auto& m : out) EXPECT_EQ(m.rtts.size(), 2u) << m.target;
}

TEST_F(FPingLive, WavesAreSpacedByTheHostIntervalButNotAfterTheLast) {
  FPingProbe probe(fping_instance("FPing", {{"hostinterval", "0.1"}}), captured_.log);
  std::vector<PingRequest> reqs = {{"a", "127.0.0.1", 3, nullptr}};
  auto start = std::chrono::steady_clock::now();
  auto out = probe.measure(reqs);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(out[0].rtts.size(), 3u);
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 300ms);
}

TEST_F(FPingLive, BlazemodeSendsOneMoreAndKeepsAsManyAsAsked) {
  auto vars = kFast;
  vars["blazemode"] = "true";
  FPingProbe probe(fping_instance("FPing", vars), captured_.log);
  std::vector<PingRequest> reqs = {{"a", "127.0.0.1", 3, nullptr}};
  EXPECT_EQ(probe.measure(reqs)[0].rtts.size(), 3u);
}

TEST_F(FPingLive, OptionsReachTheSocketWithoutBreakingThePing) {
  auto vars = kFast;
  vars.insert({{"tos", "0x10"}, {"packetsize", "1000"}, {"sourceaddress", "127.0.0.1"}});
  FPingProbe probe(fping_instance("FPing", vars), captured_.log);
  std::vector<PingRequest> reqs = {{"a", "127.0.0.3", 3, nullptr}};
  EXPECT_EQ(probe.measure(reqs)[0].rtts.size(), 3u);
}

TEST_F(FPingLive, Ipv6LoopbackWithFPing6) {
  if (!can_open_raw_socket(AF_INET6)) GTEST_SKIP() << "no IPv6";
  FPingProbe probe(fping_instance("FPing6", kFast), captured_.log, fake_dns());
  std::vector<PingRequest> reqs = {{"six", "::1", 3, nullptr}};
  auto out = probe.measure(reqs);
  if (out[0].rtts.empty()) GTEST_SKIP() << "::1 does not answer here (IPv6 disabled on lo?)";
  EXPECT_EQ(out[0].rtts.size(), 3u);
}

// In a child that lost CAP_NET_RAW, as a daemon started without it would be.
void measure_without_net_raw() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &header, data) != 0) std::_Exit(3);
  data[0].effective &= ~(1u << CAP_NET_RAW);
  data[0].permitted &= ~(1u << CAP_NET_RAW);
  if (syscall(SYS_capset, &header, data) != 0) std::_Exit(4);
  FPingProbe probe(fping_instance("FPing", kFast), nullptr);
  std::vector<PingRequest> reqs = {{"a", "127.0.0.1", 3, nullptr}};
  try {
    probe.measure(reqs);
  } catch (const ProbeError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    std::_Exit(0);
  }
  std::_Exit(1);
}

TEST_F(FPingLive, NoRawSocketPermissionIsAProbeErrorNamingCapNetRaw) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(measure_without_net_raw(), ::testing::ExitedWithCode(0),
              "cannot open a raw ICMP socket: Operation not permitted.*CAP_NET_RAW");
}

}  // namespace
