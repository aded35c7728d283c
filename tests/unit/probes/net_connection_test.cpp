// Sockets with deadlines: the outcomes the probes count as lost are values, not exceptions.
#include "src/probes/net_connection.hpp"

#include <gtest/gtest.h>

#include "forked_test_support.hpp"

namespace {

using smokeping::probes::NetConnection;
using smokeping::probes::NetStatus;
using smokeping::probes::PeerAddress;
using smokeping::probes::testing::Listener;

auto in(std::chrono::milliseconds ms) { return std::chrono::steady_clock::now() + ms; }

TEST(PeerAddress, OnlyNumericAddressesAreTaken) {
  EXPECT_TRUE(PeerAddress::numeric("127.0.0.1", 80));
  EXPECT_TRUE(PeerAddress::numeric("::1", 80));
  EXPECT_FALSE(PeerAddress::numeric("localhost", 80));
  EXPECT_FALSE(PeerAddress::numeric("fe80::1%no-such-interface", 80));
}

TEST(NetConnection, ARefusedPortFailsWithTheReason) {
  Listener listener;
  auto peer = *PeerAddress::numeric("127.0.0.1", listener.port());
  listener.close();  // nothing listens there any more
  NetConnection c(peer, SOCK_STREAM);
  auto r = c.connect(in(std::chrono::milliseconds(2000)));
  EXPECT_EQ(r.status, NetStatus::failed);
  EXPECT_EQ(r.error, "Connection refused");
}

TEST(NetConnection, APeerThatNeverAnswersTimesOutAtTheDeadline) {
  Listener listener;
  NetConnection c(*PeerAddress::numeric("127.0.0.1", listener.port()), SOCK_STREAM);
  ASSERT_TRUE(c.connect(in(std::chrono::milliseconds(2000))).ok());  // the backlog accepts
  std::string data;
  auto start = std::chrono::steady_clock::now();
  auto r = c.receive(data, start + std::chrono::milliseconds(100));
  EXPECT_EQ(r.status, NetStatus::timeout);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
}

TEST(NetConnection, DataThenCloseAreSeen) {
  Listener listener;
  NetConnection c(*PeerAddress::numeric("127.0.0.1", listener.port()), SOCK_STREAM);
  ASSERT_TRUE(c.connect(in(std::chrono::milliseconds(2000))).ok());
  int server = ::accept(listener.fd(), nullptr, nullptr);
  ASSERT_GE(server, 0);
  ASSERT_EQ(::write(server, "SSH-2.0-x\r\n", 11), 11);
  ::close(server);
  std::string data;
  EXPECT_TRUE(c.receive_until_closed(data, in(std::chrono::milliseconds(2000))).ok());
  EXPECT_EQ(data, "SSH-2.0-x\r\n");
  EXPECT_EQ(c.receive(data, in(std::chrono::milliseconds(2000))).status, NetStatus::closed);
}

}  // namespace
