// The SNMPv1 GET of the DYNAMIC update: the request's bytes, the parsing of answers, and a
// query against a small UDP agent in this process (127.0.0.1, a free port).
#include "smokeping/core/snmp_ident.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "tests/support/fake_snmp_agent.hpp"

namespace smokeping::core {
namespace {

using namespace std::string_literals;
using namespace smokeping::test;
using Values = std::vector<std::optional<std::string>>;

TEST(SnmpIdentRequest, IsTheSnmpV1GetOfContactNameAndLocation) {
  // Written out by hand from RFC 1157: version 0, community "public", GetRequest (0xa0) with
  // request-id 0x1234, error-status 0, error-index 0, three bindings of an OID and NULL.
  const std::string binding_tail = "\x05\x00"s;
  const std::string expected =
      "\x30\x43\x02\x01\x00\x04\x06public\xa0\x36\x02\x02\x12\x34\x02\x01\x00\x02\x01\x00\x30\x2a"s +
      "\x30\x0c\x06\x08\x2b\x06\x01\x02\x01\x01\x04\x00"s + binding_tail +
      "\x30\x0c\x06\x08\x2b\x06\x01\x02\x01\x01\x05\x00"s + binding_tail +
      "\x30\x0c\x06\x08\x2b\x06\x01\x02\x01\x01\x06\x00"s + binding_tail;
  EXPECT_EQ(snmp_ident_request(0x1234, "public"), expected);
}

TEST(SnmpIdentRequest, LargeAndSmallRequestIdsKeepTheirSign) {
  EXPECT_EQ(snmp_ident_request(0x80, "public").substr(15, 4), "\x02\x02\x00\x80"s);
  EXPECT_EQ(snmp_ident_request(5, "public").substr(15, 3), "\x02\x01\x05"s);
}

TEST(SnmpResponseValues, ReadsTheStringsInOrder) {
  auto values = snmp_response_values(
      response("\x12\x34", ident_bindings("root@x", "my host", "cellar")), 0x1234);
  ASSERT_TRUE(values);
  EXPECT_EQ(*values, (Values{"root@x", "my host", "cellar"}));
  EXPECT_EQ(snmp_ident_text(*values), "root@x/myhost/cellar");
}

TEST(SnmpResponseValues, NumbersAndAddressesArePrintedOthersAreMissing) {
  const std::string bindings = tlv(0x30, oid('\x04') + tlv(0x02, "\xff"s)) +
                               tlv(0x30, oid('\x05') + tlv(0x43, "\x01\x00"s)) +
                               tlv(0x30, oid('\x06') + tlv(0x40, "\x7f\x00\x00\x01"s)) +
                               tlv(0x30, oid('\x07') + tlv(0x05, ""));
  auto values = snmp_response_values(response("\x01", bindings), 1);
  ASSERT_TRUE(values);
  EXPECT_EQ(*values, (Values{"-1", "256", "127.0.0.1", std::nullopt}));
  EXPECT_EQ(snmp_ident_text(*values), "-1/256/127.0.0.1");
}

TEST(SnmpResponseValues, ErrorsOtherRequestsAndBrokenPacketsGiveNothing) {
  const std::string good = response("\x07", ident_bindings("a", "b", "c"));
  ASSERT_TRUE(snmp_response_values(good, 7));
  EXPECT_FALSE(snmp_response_values(good, 8)) << "another request's answer";
  EXPECT_FALSE(snmp_response_values(response("\x07", ident_bindings("a", "b", "c"), 2), 7))
      << "noSuchName";
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(snmp_response_values(good.substr(0, n), 7)) << "cut at " << n;
  }
  EXPECT_FALSE(snmp_response_values(good + "x", 7)) << "trailing bytes";
  std::string request = snmp_ident_request(7, "public");
  EXPECT_FALSE(snmp_response_values(request, 7)) << "a request is no response";
}

TEST(SnmpIdentText, NothingUsableIsNoIdentity) {
  EXPECT_EQ(snmp_ident_text({}), std::nullopt);
  EXPECT_EQ(snmp_ident_text({std::nullopt, std::nullopt}), std::nullopt);
  EXPECT_EQ(snmp_ident_text({" ", "\t"}), "/") << "as Perl: join first, then remove spaces";
  EXPECT_EQ(snmp_ident_text({" \r\n"}), std::nullopt);
  EXPECT_EQ(snmp_ident_text({"0"}), std::nullopt) << "Perl-false";
  EXPECT_EQ(snmp_ident_text({std::nullopt, "x y"}), "xy");
}

TEST(SnmpIdent, AsksTheAgentAndJoinsItsAnswer) {
  FakeAgent agent([](const std::string& request) {
    return response(request_id_of(request), ident_bindings("ops@example", "gw 1", "rack 7"));
  });
  EXPECT_EQ(snmp_ident({"127.0.0.1", agent.port(), std::chrono::milliseconds(2000), 1}),
            "ops@example/gw1/rack7");
}

TEST(SnmpIdent, IgnoresAnswersToOtherRequests) {
  FakeAgent agent([](const std::string& request) {
    std::string id = request_id_of(request);
    id.back() = static_cast<char>(id.back() ^ 1);
    return response(id, ident_bindings("x", "y", "z"));
  });
  EXPECT_EQ(snmp_ident({"127.0.0.1", agent.port(), std::chrono::milliseconds(100), 1}),
            std::nullopt);
  EXPECT_EQ(requests_seen(agent, 2), 2) << "one retry after the first attempt";
}

TEST(SnmpIdent, NoAgentIsNoIdentity) {
  FakeAgent silent([](const std::string&) { return std::string(); });
  EXPECT_EQ(snmp_ident({"127.0.0.1", silent.port(), std::chrono::milliseconds(50), 1}),
            std::nullopt);
  EXPECT_EQ(requests_seen(silent, 2), 2);
  EXPECT_EQ(snmp_ident({"not an address", 161, std::chrono::milliseconds(50), 1}), std::nullopt);
}

}  // namespace
}  // namespace smokeping::core
