// Round-time name resolution: numeric addresses never reach the resolver, names are asked once,
// and a slow name cannot hold the round past the deadline. No test here sends a DNS query.
#include "src/probes/host_resolver.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <thread>

namespace {

using smokeping::probes::Resolution;
using smokeping::probes::resolve_all;
using namespace std::chrono_literals;

TEST(ResolveAll, NumericAddressesSkipTheResolver) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto resolver = [calls](const std::string&, int) {
    ++*calls;
    return Resolution{{}, "must not be asked"};
  };
  auto out = resolve_all({"127.0.0.1", "::1", "10.1.2.3"}, AF_INET, resolver, 1s);
  EXPECT_EQ(out[0].address, "127.0.0.1");
  EXPECT_EQ(out[2].address, "10.1.2.3");
  // "::1" is not IPv4, so it goes to the resolver like any name would.
  EXPECT_FALSE(out[1].ok());
  EXPECT_EQ(*calls, 1);
  EXPECT_EQ(resolve_all({"::1"}, AF_INET6, resolver, 1s)[0].address, "::1");
}

TEST(ResolveAll, EachNameIsAskedOnceAndAnsweredForEveryOccurrence) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto resolver = [calls](const std::string& host, int) {
    ++*calls;
    if (host == "a.test") return Resolution{"192.0.2.1", {}};
    return Resolution{{}, "Name or service not known"};
  };
  auto out = resolve_all({"a.test", "b.test", "a.test"}, AF_INET, resolver, 1s);
  EXPECT_EQ(*calls, 2);
  EXPECT_EQ(out[0].address, "192.0.2.1");
  EXPECT_EQ(out[2].address, "192.0.2.1");
  EXPECT_EQ(out[1].error, "Name or service not known");
}

TEST(ResolveAll, ASlowNameTimesOutWithoutHoldingTheOthers) {
  auto resolver = [](const std::string& host, int) {
    if (host == "slow.test") std::this_thread::sleep_for(2s);
    return Resolution{"192.0.2.7", {}};
  };
  auto start = std::chrono::steady_clock::now();
  auto out = resolve_all({"slow.test", "fast.test"}, AF_INET, resolver, 200ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
  EXPECT_EQ(out[0].error, "resolution timed out");
  EXPECT_EQ(out[1].address, "192.0.2.7");
}

TEST(ResolveAll, AThrowingResolverIsAFailureNotACrash) {
  auto resolver = [](const std::string&, int) -> Resolution { throw std::runtime_error("boom"); };
  auto out = resolve_all({"x.test"}, AF_INET, resolver, 1s);
  EXPECT_EQ(out[0].error, "boom");
}

TEST(ResolveWithGetaddrinfo, NumericHostNeedsNoLookup) {
  // glibc parses a literal itself; no server is asked.
  auto r = smokeping::probes::resolve_with_getaddrinfo("127.0.0.1", AF_INET);
  EXPECT_EQ(r.address, "127.0.0.1");
}

}  // namespace
