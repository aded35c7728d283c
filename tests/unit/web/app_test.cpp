// App: what reaches the slave endpoint, what reaches the pages, and what is answered before
// either (413, 400, 500 for a config that does not load).
#include "smokeping/web/app.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "tests/support/shared_files.hpp"
#include "tests/support/temp_config.hpp"
#include "tests/unit/web/slave_endpoint_support.hpp"

namespace smokeping::web {
namespace {

using smokeping::test::TempConfig;

constexpr std::int64_t kNow = 1795627740;

class AppTest : public ::testing::Test {
 protected:
  AppTest() {
    tc_.write("secrets", "slave1:s3cret-one\n");
    config_ =
        tc_.write("config", tc_.head() + tc_.probes() +
                                tc_.expand("*** Slaves ***\nsecrets = @ROOT@/secrets\n+ slave1\n"
                                           "display_name = slave1\ncolor = 0000ff\n") +
                                TempConfig::targets_top() +
                                "+ Local\nmenu = Local\ntitle = Local\nslaves = slave1\n"
                                "++ t2\nhost = 127.0.0.2\n");
  }

  App make_app(std::string config_path = {}) {
    AppOptions options;
    options.wall_clock = [] { return kNow; };
    return App(
        config_path.empty() ? config_ : config_path, log_.log(),
        [this](const PageInput& in) {
          ++pages_called_;
          last_form_ = in.form;
          last_now_ = in.now;
          last_config_file_ = in.config.file;
          return text_response(200, "page\n");
        },
        options);
  }

  TempConfig tc_;
  std::string config_;
  test::LogLines log_;
  int pages_called_ = 0;
  std::optional<protocol::FormFields> last_form_;
  std::int64_t last_now_ = 0;
  std::string last_config_file_;
};

TEST_F(AppTest, PageRequestReachesThePageHandlerWithItsInput) {
  App app = make_app();
  Response r = app.handle(test::get_request("target=Local.t2;displaymode=n&start=now-1h"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "page\n");
  ASSERT_EQ(pages_called_, 1);
  EXPECT_EQ(last_form_->value("target"), "Local.t2");
  EXPECT_EQ(last_form_->value("displaymode"), "n");
  EXPECT_EQ(last_form_->value("start"), "now-1h");
  EXPECT_EQ(last_now_, kNow);
  EXPECT_EQ(last_config_file_, config_);
}

TEST_F(AppTest, SlaveRequestGoesToTheSlaveEndpoint) {
  App app = make_app();
  Response r = app.handle(test::post_request(
      test::multipart_body(test::slave_fields("slave1", "", "s3cret-one", "9999999999"))));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "OK\n");
  EXPECT_EQ(pages_called_, 0);
  EXPECT_TRUE(log_.any_contains("slave post slave=slave1 client=127.0.0.9")) << log_.all();
}

TEST_F(AppTest, SlaveFieldThatIsPerlFalseIsAPageRequest) {
  App app = make_app();
  for (const char* query : {"slave=0", "slave=", "target=x"}) {
    Response r = app.handle(test::get_request(query));
    EXPECT_EQ(r.body, "page\n") << query;
  }
  EXPECT_EQ(pages_called_, 3);
  Response r = app.handle(test::get_request("slave=slave1&protocol=2"));
  EXPECT_EQ(pages_called_, 3) << "a GET with slave= is the slave protocol too, as in CGI.pm";
  EXPECT_EQ(r.status, 403);
}

TEST_F(AppTest, DynamicUpdateGoesToTheDynamicEndpointAndIsLogged) {
  App app = make_app();
  Response r = app.handle(test::get_request("target=Local.t2&secret=abc"));
  EXPECT_EQ(r.status, 404) << "t2 is no DYNAMIC host";
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=ISO-8859-1");
  EXPECT_EQ(pages_called_, 0);
  EXPECT_TRUE(log_.any_contains("Updating DYNAMIC address failed: Error: Invalid target or secret"))
      << log_.all();
  EXPECT_FALSE(log_.any_contains("abc")) << "the DYNAMIC secret is not logged";
}

TEST_F(AppTest, TruncatedBodyIs413BeforeTheConfigIsRead) {
  App app = make_app(tc_.path("no-such-config"));
  Request request = test::post_request(std::string(100, 'x'));
  request.env["CONTENT_LENGTH"] = "99999999";
  request.body_truncated = true;
  Response r = app.handle(request);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  EXPECT_EQ(r.body.rfind("WARNING: request body of 99999999 bytes, more than the limit", 0), 0u)
      << r.body;
  EXPECT_EQ(pages_called_, 0);
  EXPECT_FALSE(log_.any_contains("no-such-config")) << log_.all();
}

TEST_F(AppTest, OverlongQueryStringIs413) {
  AppOptions options;
  options.max_body = 50;
  options.wall_clock = [] { return kNow; };
  App app(
      config_, log_.log(), [](const PageInput&) { return text_response(200, "page\n"); }, options);
  Response r = app.handle(test::get_request("target=" + std::string(60, 'a')));
  EXPECT_EQ(r.status, 413);
}

TEST_F(AppTest, MalformedMultipartIs400) {
  App app = make_app();
  Response r = app.handle(test::post_request("--xYzZY\r\nContent-Disposition: form-data\r\n\r\nx",
                                             "multipart/form-data; boundary=xYzZY"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.rfind("WARNING: malformed request: ", 0), 0u) << r.body;
  EXPECT_EQ(pages_called_, 0);
  EXPECT_TRUE(log_.any_contains("request refused status=400")) << log_.all();
}

TEST_F(AppTest, ConfigThatDoesNotLoadIs500WithTheErrorUntilFixed) {
  const std::string good = *smokeping::test::read_file(config_);
  tc_.write("config", good + "+ <b>\nhost = 127.0.0.3\n");
  App app = make_app();
  Response r = app.handle(test::get_request("target=Local.t2"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.header("Content-Type"), "text/html");
  EXPECT_EQ(r.body.rfind("<h1>Software error:</h1>\n<pre>ERROR: " + config_ + ", line ", 0), 0u)
      << r.body;
  EXPECT_EQ(r.body.find("<b>"), std::string::npos) << "escaped: " << r.body;
  EXPECT_EQ(pages_called_, 0);
  ASSERT_FALSE(log_.lines.empty());
  EXPECT_NE(log_.lines.back().find("] smokeping.cgi: ERROR: " + config_), std::string::npos)
      << log_.lines.back();

  tc_.write("config", good);
  r = app.handle(test::get_request("target=Local.t2"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(pages_called_, 1);
}

TEST_F(AppTest, PageHandlerExceptionLeavesForTheLoop) {
  App app(config_, log_.log(),
          [](const PageInput&) -> Response { throw std::runtime_error("page broke"); });
  EXPECT_THROW(app.handle(test::get_request("")), std::runtime_error);
}

}  // namespace
}  // namespace smokeping::web
