// RemoteFPing: the original's command line, fping's summary lines, and a remote side that
// misbehaves; the remote shell here is a script standing in for ssh.
#include "src/probes/remote_fping.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "forked_test_support.hpp"
#include "src/probes/child_process.hpp"

namespace {

using smokeping::probes::parse_fping_summary;
using smokeping::probes::PingRequest;
using smokeping::probes::RemoteFPingProbe;
using smokeping::probes::run_child;
using smokeping::probes::testing::probe_instance;
using smokeping::probes::testing::SharedLog;

// A stand-in for ssh that prints `stderr_text` to stderr and its arguments to `args_file`.
std::string fake_ssh(const std::string& stderr_text, const std::string& args_file) {
  char dir[] = "/tmp/sp-remote-fping-XXXXXX";
  std::string path = std::string(::mkdtemp(dir)) + "/ssh";
  std::ofstream(path) << "#!/bin/sh\necho \"$@\" > " << args_file << "\nprintf '" << stderr_text
                      << "' >&2\n";
  ::chmod(path.c_str(), 0755);
  return path;
}

TEST(RemoteFPing, TheCommandIsTheOriginals) {
  RemoteFPingProbe probe(probe_instance("RemoteFPing", {{"binary", "/usr/bin/ssh"},
                                                        {"rhost", "pinger"},
                                                        {"ruser", "me"},
                                                        {"rport", "2222"},
                                                        {"rbinary", "/usr/bin/fping"},
                                                        {"packetsize", "100"},
                                                        {"timeout", "1.5"}}),
                         nullptr);
  EXPECT_EQ(probe.command({"a.example", "b.example"}, 5),
            (std::vector<std::string>{"/usr/bin/ssh", "-lme", "-p2222", "pinger", "/usr/bin/fping",
                                      "-C", "5", "-q", "-B1", "-r1", "-4", "-b100", "-t1500",
                                      "-i10", "a.example", "b.example"}));
}

TEST(RemoteFPing, SummaryLinesGiveOneColumnPerPing) {
  auto s = parse_fping_summary("host.example : 0.10 - 2.5");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->host, "host.example");
  ASSERT_EQ(s->times_ms.size(), 3u);
  EXPECT_DOUBLE_EQ(*s->times_ms[0], 0.10);
  EXPECT_FALSE(s->times_ms[1]);
  EXPECT_FALSE(parse_fping_summary("host.example: Name or service not known"));
  EXPECT_FALSE(parse_fping_summary("ICMP Host Unreachable from 10.0.0.1"));
}

TEST(RemoteFPing, TheRemoteTimesReachEveryTargetOfTheHost) {
  std::string args = "/tmp/sp-remote-fping-args-" + std::to_string(::getpid());
  std::string ssh = fake_ssh("h1 : 1.00 - 3.00\\nh2 : - - -\\n", args);
  RemoteFPingProbe probe(
      probe_instance("RemoteFPing",
                     {{"binary", ssh}, {"rhost", "pinger"}, {"rbinary", "/usr/bin/fping"}}),
      nullptr);
  std::vector<PingRequest> requests = {
      {"a", "h1", 3, nullptr}, {"b", "h2", 3, nullptr}, {"c", "h1", 3, nullptr}};
  auto out = probe.measure(requests);
  using std::chrono::milliseconds;
  EXPECT_EQ(out[0].rtts, (std::vector<smokeping::results::Rtt>{milliseconds(1), milliseconds(3)}));
  EXPECT_TRUE(out[1].rtts.empty());
  EXPECT_EQ(out[2].rtts, out[0].rtts);
  std::ifstream written(args);
  std::string line;
  std::getline(written, line);
  EXPECT_EQ(line, "pinger /usr/bin/fping -C 3 -q -B1 -r1 -4 -i10 h1 h2");  // each host once
  std::remove(args.c_str());
}

TEST(RemoteFPing, NoSummaryIsALostRoundAndALogLine) {
  SharedLog log;
  std::string args = "/tmp/sp-remote-fping-args2-" + std::to_string(::getpid());
  std::string ssh = fake_ssh("ssh: connect to host pinger port 22: Connection refused\\n", args);
  RemoteFPingProbe probe(
      probe_instance("RemoteFPing",
                     {{"binary", ssh}, {"rhost", "pinger"}, {"rbinary", "/usr/bin/fping"}}),
      log.log);
  std::vector<PingRequest> requests = {{"a", "h1", 3, nullptr}};
  auto out = probe.measure(requests);
  EXPECT_TRUE(out[0].rtts.empty());
  EXPECT_NE(log.text().find("remote fping gave no results"), std::string::npos);
  EXPECT_NE(log.text().find("Connection refused"), std::string::npos);
  std::remove(args.c_str());
}

TEST(ChildProcess, AChildPastItsDeadlineIsKilled) {
  auto start = std::chrono::steady_clock::now();
  auto r = run_child({"sleep", "30"}, start + std::chrono::milliseconds(200));
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(ChildProcess, AMissingProgramIsAnError) {
  auto r =
      run_child({"/nonexistent/ssh"}, std::chrono::steady_clock::now() + std::chrono::seconds(5));
  EXPECT_NE(r.error.find("cannot run /nonexistent/ssh"), std::string::npos);
}

}  // namespace
