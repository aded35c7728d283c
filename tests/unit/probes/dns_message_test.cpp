// DNS messages through ldns: what the DNS probes send and how they read the answers.
#include "src/probes/dns_message.hpp"

#include <gtest/gtest.h>

namespace {

using smokeping::probes::DnsQuery;
using smokeping::probes::DnsQueryError;
using smokeping::probes::make_dns_query;
using smokeping::probes::parse_dns_answer;

// An answer to `query` made by hand: QR, AA, one A record 192.0.2.7 (or NXDOMAIN, no record).
std::vector<std::uint8_t> answer_to(const DnsQuery& query, bool nxdomain) {
  std::vector<std::uint8_t> a(query.wire);
  a[2] = 0x84 | (query.wire[2] & 0x01);  // QR, AA, RD as asked
  a[3] = nxdomain ? 0x83 : 0x80;         // RA, rcode
  a[7] = nxdomain ? 0 : 1;               // ANCOUNT
  if (!nxdomain) {
    std::vector<std::uint8_t> rr = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7};
    a.insert(a.end(), rr.begin(), rr.end());
  }
  return a;
}

TEST(DnsMessage, AQueryAsksOneQuestionWithRecursionAsTold) {
  auto made = make_dns_query("www.example.test", "A", true);
  ASSERT_TRUE(std::holds_alternative<DnsQuery>(made));
  const auto& q = std::get<DnsQuery>(made);
  ASSERT_GE(q.wire.size(), 12u);
  EXPECT_EQ((q.wire[0] << 8) | q.wire[1], q.id);
  EXPECT_TRUE(q.wire[2] & 0x01);  // RD
  EXPECT_EQ(q.wire[5], 1);        // QDCOUNT
  auto norec = std::get<DnsQuery>(make_dns_query("www.example.test", "MX", false));
  EXPECT_FALSE(norec.wire[2] & 0x01);
}

TEST(DnsMessage, AnUnknownRecordTypeIsAnError) {
  auto made = make_dns_query("www.example.test", "NOSUCHTYPE", true);
  ASSERT_TRUE(std::holds_alternative<DnsQueryError>(made));
  EXPECT_EQ(std::get<DnsQueryError>(made).reason, "unknown record type 'NOSUCHTYPE'");
}

TEST(DnsMessage, AnAnswerGivesItsHeaderRecordsAndAddresses) {
  auto q = std::get<DnsQuery>(make_dns_query("www.example.test", "A", true));
  auto wire = answer_to(q, false);
  auto answer = parse_dns_answer(wire);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->id, q.id);
  EXPECT_EQ(answer->rcode, "NOERROR");
  EXPECT_EQ(answer->answers, 1);
  EXPECT_TRUE(answer->authoritative);
  ASSERT_EQ(answer->records.size(), 1u);
  EXPECT_NE(answer->records[0].find("192.0.2.7"), std::string::npos) << answer->records[0];
  EXPECT_EQ(answer->addresses, (std::vector<std::string>{"192.0.2.7"}));
}

TEST(DnsMessage, NxdomainIsNamed) {
  auto q = std::get<DnsQuery>(make_dns_query("nothing.example.test", "A", true));
  auto answer = parse_dns_answer(answer_to(q, true));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->rcode, "NXDOMAIN");
  EXPECT_EQ(answer->answers, 0);
}

TEST(DnsMessage, JunkIsNotAnAnswer) {
  std::vector<std::uint8_t> junk = {1, 2, 3};
  EXPECT_FALSE(parse_dns_answer(junk));
}

}  // namespace
