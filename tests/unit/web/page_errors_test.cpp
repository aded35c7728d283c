// Every bad request the pages refuse, with its status, its message and its log line; and
// that nothing the request or the config says reaches the page unescaped, nor any file
// outside the tree.
#include <gtest/gtest.h>

#include <filesystem>

#include "smokeping/web/html.hpp"
#include "tests/unit/web/page_test_support.hpp"

namespace smokeping::web::test {
namespace {

class PageErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!site_.ok()) GTEST_SKIP() << "reference config not found";
    graphs_ = std::make_unique<FakeGraphs>(site_.config(), kReferenceNow);
  }
  Served get(const std::string& query) {
    return serve(site_.config(), *graphs_, reference_request(query));
  }
  // An error page: the status, the message in the body (escaped), one log line with it; no
  // graphs drawn.
  void expect_refused(const std::string& query, int status, const std::string& message) {
    Served s = get(query);
    EXPECT_EQ(s.response.status, status) << query;
    EXPECT_NE(s.response.body.find(html_escape(message)), std::string::npos) << query << "\n"
                                                                             << s.response.body;
    EXPECT_NE(s.log_text().find(message), std::string::npos) << query << "\n" << s.log_text();
    EXPECT_EQ(s.response.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_TRUE(graphs_->calls.empty()) << query;
    graphs_->calls.clear();
  }
  ReferenceSite site_;
  std::unique_ptr<FakeGraphs> graphs_;
};

TEST_F(PageErrors, UnknownTargetIsNotFound) {
  expect_refused("target=Europe.Paris", 404,
                 "ERROR: Section 'Paris' does not exist (display webpage).");
  expect_refused("target=Paris", 404, "Section 'Paris'");
  expect_refused("target=.Europe", 404, "Section ''");
}

TEST_F(PageErrors, AVariableIsNotAChild) {
  expect_refused("target=Europe.Zurich.host", 404, "Section 'host'");
}

TEST_F(PageErrors, XssInTheTargetIsNeitherReflectedNorFound) {
  Served s = get("target=Europe.%3Cscript%3Ealert(1)%3C/script%3E");
  EXPECT_EQ(s.response.status, 400);  // the replaced text still holds a '/'
  EXPECT_EQ(s.response.body.find("<script>"), std::string::npos);
  expect_refused("target=Europe.%3Cb%3E", 404, "Section '_b_'");
}

TEST_F(PageErrors, UnknownSlaveOrSlaveWithoutDataIsNotFound) {
  expect_refused("target=Europe.Zurich~nosuch", 404,
                 "ERROR: slave 'nosuch' is not defined in the '*** Slaves ***' "
                 "section!");
  expect_refused("target=America.Lossy~boomer", 404,
                 "slave 'boomer' does not report for target 'America.Lossy'");
  expect_refused("target=~boomer", 404, "does not report");
  expect_refused("target=Europe~boomer", 404, "does not report");
}

TEST_F(PageErrors, UnknownHierarchyIsNotFound) {
  expect_refused("hierarchy=nosuch", 404, "ERROR: unknown hierarchy nosuch");
  expect_refused("hierarchy=owner;target=Europe", 404, "Section 'Europe'");
}

TEST_F(PageErrors, BadFilterRegexIsABadRequest) {
  expect_refused("filter=(", 400, "ERROR: invalid filter '('");
}

TEST_F(PageErrors, UnknownParameterIsABadRequest) {
  expect_refused("target=Europe;foo=bar", 400, "ERROR: unknown parameter foo");
}

TEST_F(PageErrors, PathTraversalNeverLeavesTheTree) {
  expect_refused("target=%2Fetc%2Fpasswd", 400, "invalid target component");
  Served s = get("target=Europe.Zurich%2F..%2F..");  // holds "..": the root page
  EXPECT_EQ(s.response.status, 200);
  EXPECT_NE(s.response.body.find("<h1>Network Latency Grapher</h1>"), std::string::npos);
  EXPECT_TRUE(graphs_->calls.empty());
}

TEST_F(PageErrors, NulBytesAreABadRequest) {
  expect_refused("target=Europe%00.Zurich", 400, "NUL byte");
  expect_refused("displaymode=n;target=Europe.Zurich;start=now%00", 400, "NUL byte");
}

TEST_F(PageErrors, DoubleDotsShowTheRootAndDrawNothing) {
  for (const char* q : {"target=..%2F..%2Fetc%2Fpasswd", "target=Europe..Zurich",
                        "target=Europe.Zurich~..%2F..%2Fx"}) {
    Served s = get(q);
    EXPECT_EQ(s.response.status, 200) << q;
    EXPECT_NE(s.response.body.find("<h1>Network Latency Grapher</h1>"), std::string::npos) << q;
    EXPECT_TRUE(graphs_->calls.empty()) << q;
  }
}

TEST_F(PageErrors, UnknownDisplayModeIsABadRequestWithThePage) {
  Served s = get("displaymode=%3Cx%3E;target=Europe.Zurich");
  EXPECT_EQ(s.response.status, 400);
  EXPECT_NE(s.response.body.find("<div>ERROR: unknown displaymode _x_</div>"), std::string::npos);
  EXPECT_NE(s.log_text().find("unknown displaymode _x_"), std::string::npos);
}

TEST_F(PageErrors, StartRrdtoolDoesNotUnderstandIsABadRequest) {
  Served s = get("displaymode=n;start=garbage;end=now;target=Europe.Zurich");
  EXPECT_EQ(s.response.status, 400);
  EXPECT_NE(s.response.body.find(
                "<div>RRDtool did not understand your input: start time: unparsable time: "
                "garbage.</div>"),
            std::string::npos);
  EXPECT_NE(s.log_text().find("garbage"), std::string::npos);
}

TEST_F(PageErrors, MissingRrdIsAServerError) {
  std::filesystem::remove(site_.dir().path("data/Europe/London.rrd"));
  Served s = get("displaymode=n;start=garbage;end=now;target=Europe.London");
  EXPECT_EQ(s.response.status, 500);
  EXPECT_NE(s.log_text().find("missing RRD " + site_.dir().path("data/Europe/London.rrd")),
            std::string::npos)
      << s.log_text();
}

TEST_F(PageErrors, GraphFailureShowsTheErrorAndIsAServerError) {
  graphs_->failing = {"Europe/London"};
  Served s = get("target=Europe.London");
  EXPECT_EQ(s.response.status, 500);
  EXPECT_NE(s.response.body.find("<div>ERROR: opening &#39;"), std::string::npos);
  EXPECT_NE(s.response.body.find("--start<br/>-10800"), std::string::npos);
  EXPECT_NE(s.log_text().find("detail graph of Europe/London"), std::string::npos);
  // On its group's page the failure is one panel; the page itself is fine.
  s = get("target=Europe");
  EXPECT_EQ(s.response.status, 200);
  EXPECT_NE(s.response.body.find("<div class=\"panel-body\">ERROR: opening"), std::string::npos);
  EXPECT_NE(s.response.body.find("Zurich_mini.png"), std::string::npos);
  EXPECT_NE(s.log_text().find("overview graph of Europe/London"), std::string::npos);
}

TEST_F(PageErrors, UnreadableTemplateIsAServerError) {
  std::filesystem::remove(site_.dir().path("etc/basepage.html"));
  Served s = get("target=Europe");
  EXPECT_EQ(s.response.status, 500);
  EXPECT_NE(s.response.body.find("ERROR: Reading page template"), std::string::npos);
  EXPECT_NE(s.log_text().find("ERROR: Reading page template"), std::string::npos);
}

TEST_F(PageErrors, AjaxErrors) {
  Served s = get("displaymode=a;target=Europe");
  EXPECT_EQ(s.response.status, 404);
  s = get("displaymode=a;start=garbage;end=now;target=Europe.Zurich");
  EXPECT_EQ(s.response.status, 400);
  graphs_->failing = {"Europe/Zurich"};
  s = get("displaymode=a;start=now-1h;end=now;target=Europe.Zurich");
  EXPECT_EQ(s.response.status, 500);
  EXPECT_NE(s.log_text().find("No such file"), std::string::npos);
}

TEST_F(PageErrors, UnknownChartIsNotFoundButKeepsThePage) {
  Served s = get("target=_charts.nosuch");
  EXPECT_EQ(s.response.status, 404);
  EXPECT_NE(s.response.body.find("<p>Waiting for initial data ...</p>"), std::string::npos);
  EXPECT_NE(s.log_text().find("unknown chart nosuch"), std::string::npos);
}

}  // namespace
}  // namespace smokeping::web::test
