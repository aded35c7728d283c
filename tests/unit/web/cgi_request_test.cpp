// The transport-independent part of the request loop: CGI variables, the body within its limit,
// and a handler's exception turned into a 500 answer.
#include "smokeping/web/cgi_request.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "tests/unit/web/slave_endpoint_support.hpp"

namespace smokeping::web {
namespace {

// A stream of `bytes`, handed out at most `chunk` bytes per read; counts what was consumed.
struct FakeStream {
  std::string bytes;
  std::size_t chunk = 7;
  std::size_t pos = 0;
  BodyReader reader() {
    return [this](char* buffer, std::size_t size) {
      std::size_t n = std::min({size, chunk, bytes.size() - pos});
      std::copy_n(bytes.data() + pos, n, buffer);
      pos += n;
      return n;
    };
  }
};

Request with_length(std::string length) {
  Request r;
  r.env["CONTENT_LENGTH"] = std::move(length);
  return r;
}

TEST(CgiRequest, VariablesComeFromNameValueStrings) {
  const char* env[] = {"REQUEST_METHOD=POST",
                       "QUERY_STRING=a=b=c",
                       "NOEQUALS",
                       "EMPTY=",
                       "REQUEST_METHOD=GET",
                       nullptr};
  Request r = request_from_env(env);
  EXPECT_EQ(r.var("REQUEST_METHOD"), "POST");  // the first one, as getenv(3)
  EXPECT_EQ(r.var("QUERY_STRING"), "a=b=c");
  EXPECT_EQ(r.var("EMPTY"), "");
  EXPECT_EQ(r.env.count("NOEQUALS"), 0u);
  EXPECT_EQ(r.env.size(), 3u);
  EXPECT_TRUE(request_from_env(nullptr).env.empty());
}

TEST(CgiRequest, BodyOfContentLengthIsReadWhole) {
  FakeStream in{"slave=s1&data=x" + std::string(100, 'y') + "TRAILING"};
  Request r = with_length("115");
  EXPECT_EQ(read_body(r, in.reader(), 1000), BodyRead::complete);
  EXPECT_EQ(r.body, in.bytes.substr(0, 115));
  EXPECT_FALSE(r.body_truncated);
  EXPECT_EQ(in.pos, 115u) << "nothing beyond CONTENT_LENGTH is read";
}

TEST(CgiRequest, NoContentLengthMeansNoBody) {
  FakeStream in{"ignored"};
  Request r;
  EXPECT_EQ(read_body(r, in.reader(), 1000), BodyRead::complete);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(in.pos, 0u);
}

TEST(CgiRequest, LongerBodyIsCutAtTheLimitMarkedAndDrained) {
  FakeStream in{std::string(5000, 'z')};
  Request r = with_length("5000");
  EXPECT_EQ(read_body(r, in.reader(), 1000), BodyRead::truncated);
  EXPECT_TRUE(r.body_truncated);
  EXPECT_EQ(r.body.size(), 1000u);
  EXPECT_EQ(in.pos, 5000u) << "the rest is read and dropped so the server takes the answer";
}

TEST(CgiRequest, BodyFarBeyondTheDrainLimitIsLeftUnread) {
  FakeStream in{std::string(5000, 'z')};
  Request r = with_length("5000");
  EXPECT_EQ(read_body(r, in.reader(), 1000, 100), BodyRead::truncated);
  EXPECT_EQ(r.body.size(), 1000u);
  EXPECT_EQ(in.pos, 1000u);
}

TEST(CgiRequest, BodyEndingEarlyKeepsWhatCame) {
  FakeStream in{"only this"};
  Request r = with_length("100");
  EXPECT_EQ(read_body(r, in.reader(), 1000), BodyRead::short_body);
  EXPECT_EQ(r.body, "only this");
  EXPECT_FALSE(r.body_truncated);
}

TEST(CgiRequest, ContentLengthThatIsNotANumberIsRefusedUnread) {
  for (const char* bad : {"12a", "-1", " 5", "5 ", "0x10", "+3", "99999999999999999999999"}) {
    FakeStream in{"abcdef"};
    Request r = with_length(bad);
    EXPECT_EQ(read_body(r, in.reader(), 1000), BodyRead::bad_length) << bad;
    EXPECT_EQ(in.pos, 0u) << bad;
    EXPECT_EQ(r.body, "") << bad;
  }
  Response response = bad_length_response(
      "12\x01"
      "a");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.header("Content-Type"), "text/plain");
  EXPECT_EQ(response.body, "ERROR: CONTENT_LENGTH '12?a' is not a number\n");
}

TEST(CgiRequest, HandlerAnswerPassesThrough) {
  test::LogLines lines;
  auto log = lines.log().for_client("127.0.0.1");
  Response r =
      respond([](const Request&) { return text_response(202, "fine\n"); }, Request{}, *log);
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "fine\n");
  EXPECT_TRUE(lines.lines.empty());
}

TEST(CgiRequest, HandlerExceptionBecomes500AndIsLoggedNotSent) {
  test::LogLines lines;
  auto log = lines.log().for_client("127.0.0.1");
  Request request = test::get_request("target=x");
  request.env["REQUEST_URI"] = "/smokeping.cgi?target=x";
  Response r = respond(
      [](const Request&) -> Response { throw std::runtime_error("rrd /secret/path broke"); },
      request, *log);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  EXPECT_EQ(r.body.find("/secret/path"), std::string::npos) << r.body;
  ASSERT_EQ(lines.lines.size(), 1u);
  EXPECT_NE(lines.lines[0].find("[client 127.0.0.1]: request failed method=GET "
                                "uri=/smokeping.cgi?target=x err=rrd /secret/path broke"),
            std::string::npos)
      << lines.lines[0];

  r = respond([](const Request&) -> Response { throw 42; }, request, *log);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(lines.lines.size(), 2u);
}

TEST(CgiRequest, ResponseBytesHaveStatusHeadersAndBody) {
  Response r{200, {{"Content-Type", "text/plain"}, {"Protocol", "2"}}, "OK\n"};
  EXPECT_EQ(cgi_response_bytes(r),
            "Status: 200 OK\r\nContent-Type: text/plain\r\nProtocol: 2\r\n\r\nOK\n");
  EXPECT_EQ(status_line(501), "501 Not Implemented");
}

}  // namespace
}  // namespace smokeping::web
