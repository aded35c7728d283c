// How the FPing probe section's variables become fping's options (FPing.pm `ping`).
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "fping_test_support.hpp"
#include "src/probes/fping.hpp"

namespace {

using smokeping::probes::FPingProbe;
using smokeping::probes::parse_fping_settings;
using smokeping::probes::ProbeError;
using smokeping::probes::testing::CapturedLog;
using smokeping::probes::testing::fping_instance;
using std::chrono::milliseconds;

TEST(FPingSettings, DefaultsAreFpingsOwn) {
  auto s = parse_fping_settings(fping_instance("FPing"));
  EXPECT_EQ(s.family, AF_INET);
  EXPECT_EQ(s.data_bytes, 56);
  EXPECT_FALSE(s.timeout);
  EXPECT_FALSE(s.hostinterval);
  EXPECT_EQ(s.mininterval, milliseconds(10));
  EXPECT_FALSE(s.tos);
  EXPECT_FALSE(s.fwmark);
  EXPECT_TRUE(s.sourceaddress.empty());
  EXPECT_FALSE(s.blazemode);
}

TEST(FPingSettings, FPing6AndProtocolSixUseIpv6) {
  EXPECT_EQ(parse_fping_settings(fping_instance("FPing6")).family, AF_INET6);
  EXPECT_EQ(parse_fping_settings(fping_instance("FPing", {{"protocol", "6"}})).family, AF_INET6);
  // FPing6 passes `-$protocol` like FPing does, so an explicit 4 wins.
  EXPECT_EQ(parse_fping_settings(fping_instance("FPing6", {{"protocol", "4"}})).family, AF_INET);
}

TEST(FPingSettings, TosIsReadAsFpingReadsMinusO) {
  auto tos = [](const std::string& v) {
    return parse_fping_settings(fping_instance("FPing", {{"tos", v}})).tos;
  };
  EXPECT_EQ(tos("0x10"), 16);
  EXPECT_EQ(tos("16"), 16);
  EXPECT_EQ(tos("0x20"), 32);
  EXPECT_EQ(tos("010"), 8);           // sscanf("%i"): a leading 0 is octal
  EXPECT_EQ(tos("0x1g"), 1);          // and trailing junk is ignored
  EXPECT_EQ(tos("300"), 44);          // the kernel keeps the low byte
  EXPECT_EQ(tos("0"), std::nullopt);  // Perl-false: no -O at all
}

TEST(FPingSettings, PacketsizeIsTheIcmpPayload) {
  EXPECT_EQ(parse_fping_settings(fping_instance("FPing", {{"packetsize", "1000"}})).data_bytes,
            1000);
  EXPECT_EQ(parse_fping_settings(fping_instance("FPing", {{"packetsize", "12"}})).data_bytes, 12);
  EXPECT_THROW(parse_fping_settings(fping_instance("FPing", {{"packetsize", "11"}})), ProbeError);
  EXPECT_THROW(parse_fping_settings(fping_instance("FPing", {{"packetsize", "64001"}})),
               ProbeError);
}

TEST(FPingSettings, EveryAllowedPacketsizeIsSentWhole) {
  CapturedLog captured;
  FPingProbe probe(fping_instance("FPing", {{"packetsize", "64000"}}), captured.log);
  EXPECT_EQ(probe.settings().data_bytes, 64000);
  FPingProbe v6(fping_instance("FPing6", {{"packetsize", "64000"}}), captured.log);
  EXPECT_EQ(v6.settings().data_bytes, 64000);
  EXPECT_EQ(captured.text(), "");
}

TEST(FPingSettings, SecondsBecomeWholeMillisecondsLikeIntOfThousandTimes) {
  auto s = parse_fping_settings(fping_instance(
      "FPing", {{"timeout", "1.5"}, {"hostinterval", ".25"}, {"mininterval", "0.0015"}}));
  EXPECT_EQ(s.timeout, milliseconds(1500));
  EXPECT_EQ(s.hostinterval, milliseconds(250));
  EXPECT_EQ(s.mininterval, milliseconds(1));
  // "0" is Perl-false (option left out), "0.0" is a real -t0.
  EXPECT_FALSE(parse_fping_settings(fping_instance("FPing", {{"timeout", "0"}})).timeout);
  EXPECT_EQ(parse_fping_settings(fping_instance("FPing", {{"timeout", "0.0"}})).timeout,
            milliseconds(0));
  EXPECT_THROW(parse_fping_settings(fping_instance("FPing", {{"timeout", "soon"}})), ProbeError);
}

TEST(FPingSettings, WaveTimeoutFollowsFpingFiveCountMode) {
  auto defaults = parse_fping_settings(fping_instance("FPing"));
  EXPECT_EQ(defaults.period(10), milliseconds(1000));
  EXPECT_EQ(defaults.wave_timeout(10, false), milliseconds(1000));  // -t defaults to -p

  auto fast = parse_fping_settings(fping_instance("FPing", {{"hostinterval", "0.2"}}));
  EXPECT_EQ(fast.period(10), milliseconds(200));
  EXPECT_EQ(fast.wave_timeout(10, false), milliseconds(200));
  EXPECT_EQ(fast.wave_timeout(10, true), milliseconds(200));

  auto slow = parse_fping_settings(fping_instance("FPing", {{"hostinterval", "5"}}));
  EXPECT_EQ(slow.wave_timeout(1, false), milliseconds(2000));  // the default stops at 2 s

  // A -t longer than the period can only run out after the last ping.
  auto patient = parse_fping_settings(fping_instance("FPing", {{"timeout", "3"}}));
  EXPECT_EQ(patient.wave_timeout(1, false), milliseconds(1000));
  EXPECT_EQ(patient.wave_timeout(1, true), milliseconds(3000));

  auto shorter = parse_fping_settings(fping_instance("FPing", {{"timeout", "0.5"}}));
  EXPECT_EQ(shorter.wave_timeout(1, false), milliseconds(500));
}

TEST(FPingSettings, MinintervalSpacesTheWavesOfManyHosts) {
  auto s = parse_fping_settings(fping_instance("FPing"));  // -i 10 ms
  EXPECT_EQ(s.period(50), milliseconds(1000));
  EXPECT_EQ(s.period(1000), milliseconds(10000));
}

TEST(FPingSettings, SourceAddressMustBeOfTheProbesFamily) {
  EXPECT_EQ(
      parse_fping_settings(fping_instance("FPing", {{"sourceaddress", "127.0.0.1"}})).sourceaddress,
      "127.0.0.1");
  EXPECT_THROW(parse_fping_settings(fping_instance("FPing", {{"sourceaddress", "999.1.1.1"}})),
               ProbeError);
  EXPECT_EQ(
      parse_fping_settings(fping_instance("FPing6", {{"sourceaddress", "::1"}})).sourceaddress,
      "::1");
  EXPECT_THROW(parse_fping_settings(fping_instance("FPing6", {{"sourceaddress", "127.0.0.1"}})),
               ProbeError);
}

TEST(FPingSettings, FwmarkBlazemodeAndInterface) {
  auto s = parse_fping_settings(
      fping_instance("FPing", {{"fwmark", "0x10"}, {"blazemode", "true"}, {"interface", "lo"}}));
  EXPECT_EQ(s.fwmark, 16u);
  EXPECT_TRUE(s.blazemode);
  EXPECT_EQ(s.interface, "lo");
  EXPECT_THROW(parse_fping_settings(fping_instance("FPing", {{"fwmark", "4294967296"}})),
               ProbeError);
}

}  // namespace
