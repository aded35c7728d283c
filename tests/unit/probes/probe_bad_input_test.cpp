// Values the config grammar lets through but a probe cannot use: the target is lost for the
// round, with a log line naming it and the value; nothing is sent.
#include <gtest/gtest.h>

#include "forked_test_support.hpp"
#include "src/probes/probe_factory.hpp"
#include "src/probes/remote_fping.hpp"

namespace {

using smokeping::probes::make_probe_in;
using smokeping::probes::PingRequest;
using smokeping::probes::ProbeError;
using smokeping::probes::testing::probe_instance;
using smokeping::probes::testing::SharedLog;

struct Case {
  const char* module;
  std::map<std::string, std::string> vars;
  const char* logged;
};

TEST(ProbeBadInput, APortOutOfRangeLosesTheTargetAndIsLogged) {
  for (const Case& c : std::vector<Case>{
           {"TCPPing", {{"port", "70000"}}, "port '70000' is not from 1 to 65535"},
           {"AnotherDNS", {{"port", "99999"}}, "port '99999' is not from 1 to 65535"},
           {"SSH", {{"port", "65536"}}, "port '65536' is not from 1 to 65535"},
           {"AnotherSSH", {{"port", "65536"}}, "port '65536' is not from 1 to 65535"},
           {"EchoPingHttp", {{"port", "123456"}}, "port '123456' is not from 1 to 65535"}}) {
    SharedLog log;
    auto probe = make_probe_in(probe_instance(c.module, c.vars), log.log, {});
    std::vector<PingRequest> requests = {{"Bad/Port", "127.0.0.1", 2, nullptr}};
    auto out = probe->measure(requests);
    EXPECT_TRUE(out[0].rtts.empty()) << c.module;
    EXPECT_NE(log.text().find(c.logged), std::string::npos) << c.module << ": " << log.text();
    EXPECT_NE(log.text().find("target=Bad/Port"), std::string::npos) << c.module;
  }
}

TEST(ProbeBadInput, AnUnknownDnsRecordTypeIsLoggedAndNothingSent) {
  SharedLog log;
  auto probe = make_probe_in(
      probe_instance("AnotherDNS", {{"recordtype", "BOGUS"}, {"mininterval", "0"}}), log.log, {});
  std::vector<PingRequest> requests = {{"Dns", "127.0.0.1", 2, nullptr}};
  EXPECT_TRUE(probe->measure(requests)[0].rtts.empty());
  EXPECT_NE(log.text().find("unknown record type 'BOGUS'"), std::string::npos) << log.text();
}

TEST(ProbeBadInput, AnEmptyCurlUrlformatIsLogged) {
  SharedLog log;
  auto probe = make_probe_in(probe_instance("Curl", {{"urlformat", "  "}}), log.log, {});
  std::vector<PingRequest> requests = {{"Web", "127.0.0.1", 2, nullptr}};
  EXPECT_TRUE(probe->measure(requests)[0].rtts.empty());
  EXPECT_NE(log.text().find("no URL to fetch target=Web"), std::string::npos) << log.text();
}

TEST(ProbeBadInput, RemoteFPingWithoutItsRemoteHostCannotBeBuilt) {
  try {
    make_probe_in(
        probe_instance("RemoteFPing", {{"binary", "/usr/bin/ssh"}, {"rbinary", "/usr/bin/fping"}}),
        nullptr, {});
    FAIL() << "no ProbeError";
  } catch (const ProbeError& e) {
    EXPECT_STREQ(e.what(), "probe RemoteFPing: rhost is not set");
  }
}

}  // namespace
