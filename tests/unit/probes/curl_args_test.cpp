// Curl `extraargs`: split as the original splits them, applied as curl would apply them.
#include "src/probes/curl_args.hpp"

#include <gtest/gtest.h>

namespace {

using smokeping::probes::apply_curl_args;
using smokeping::probes::HttpTransferOptions;
using smokeping::probes::split_extraargs;

TEST(CurlArgs, ExtraargsSplitAtTheDefaultSpace) {
  EXPECT_EQ(split_extraargs("-k  -H X:1", "/ /"), (std::vector<std::string>{"-k", "-H", "X:1"}));
}

TEST(CurlArgs, ExtrareChoosesTheSeparator) {
  EXPECT_EQ(split_extraargs("-H;X-A: b c;-L", "/;/"),
            (std::vector<std::string>{"-H", "X-A: b c", "-L"}));
}

TEST(CurlArgs, ABrokenExtrareSplitsAtSpaces) {
  EXPECT_EQ(split_extraargs("-k -L", "/(/"), (std::vector<std::string>{"-k", "-L"}));
}

TEST(CurlArgs, CommonFlagsAreApplied) {
  HttpTransferOptions o;
  auto unknown = apply_curl_args(
      {"-k", "-L", "-H", "X-A: 1", "-HX-B: 2", "--max-time", "2.5", "-4", "--http1.0", "-A",
       "agent/1", "-s", "--resolve", "h:80:127.0.0.1", "-X", "HEAD", "--max-redirs", "3"},
      o);
  EXPECT_TRUE(unknown.empty());
  EXPECT_TRUE(o.insecure);
  EXPECT_TRUE(o.follow_redirects);
  EXPECT_EQ(o.headers, (std::vector<std::string>{"X-A: 1", "X-B: 2"}));
  EXPECT_EQ(o.timeout, std::chrono::microseconds(2500000));
  EXPECT_EQ(o.ip_version, 4);
  EXPECT_EQ(o.http_version, 10);
  EXPECT_EQ(o.user_agent, "agent/1");
  EXPECT_EQ(o.resolves, (std::vector<std::string>{"h:80:127.0.0.1"}));
  EXPECT_EQ(o.method, "HEAD");
  EXPECT_EQ(o.max_redirects, 3);
}

TEST(CurlArgs, UnknownFlagsAndBadValuesAreReturnedNotApplied) {
  HttpTransferOptions o;
  auto unknown = apply_curl_args({"--bogus", "-m", "soon", "-k", "-H"}, o);
  EXPECT_EQ(unknown, (std::vector<std::string>{"--bogus", "-m soon", "-H (no value)"}));
  EXPECT_TRUE(o.insecure);
  EXPECT_EQ(o.timeout, std::chrono::microseconds(10000000));  // unchanged
}

}  // namespace
