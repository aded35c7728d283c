// The pages' behaviour beyond the reference captures: template placeholders, escaping of
// config and request text, link styles, slave pages in classic mode, the zoom image, the
// multihost navigator form and the response headers.
#include "smokeping/web/pages.hpp"

#include <gtest/gtest.h>

#include "smokeping/core/build_info.hpp"
#include "tests/unit/web/page_test_support.hpp"

namespace smokeping::web::test {
namespace {

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

class Pages : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!site_.ok()) GTEST_SKIP() << "reference config not found";
    graphs_ = std::make_unique<FakeGraphs>(site_.config(), kReferenceNow);
  }
  Served get(const std::string& query) {
    return serve(site_.config(), *graphs_, reference_request(query));
  }
  ReferenceSite site_;
  std::unique_ptr<FakeGraphs> graphs_;
};

TEST(PerlVersion, IsTheOriginalsVersionNumber) {
  EXPECT_EQ(perl_version_string("2.7.3"), "2.007003");
  EXPECT_EQ(perl_version_string("2.10.12"), "2.010012");
}

TEST_F(Pages, TemplatePlaceholdersAreFilled) {
  Request request = reference_request("target=Europe.London");
  request.env["REMOTE_USER"] = "<joe>";
  Served s = serve(site_.config(), *graphs_, request);
  const std::string& body = s.response.body;
  const std::string version = core::kCompatVersion;
  const std::string counter =
      "https://oss.oetiker.ch/smokeping/counter.cgi/" + perl_version_string(version);
  EXPECT_TRUE(contains(body, "<A HREF=\"" + counter + "\">SmokePing-" + version + "</A>"));
  EXPECT_TRUE(contains(
      body, "<A HREF=\"https://tobi.oetiker.ch/\">Tobi&nbsp;Oetiker</A> and Niko&nbsp;Tyni"));
  EXPECT_TRUE(contains(body, " 300 &lt;joe&gt; Peter Random some@address.nowhere "));
  EXPECT_TRUE(contains(body,
                       "<A HREF=\"https://oss.oetiker.ch/rrdtool/\"><img alt=\"RRDtool\" "
                       "src=\"../smokeping/images/rrdtool.png\"></a>"));
  EXPECT_TRUE(contains(body, "<A HREF=\"" + counter +
                                 "\"><img alt=\"Smokeping\" "
                                 "src=\"../smokeping/images/smokeping.png\"></a>"));
  EXPECT_TRUE(contains(body, " 127.0.0.12 <##unknown##></p>"));  // target_ip; unknown kept
  EXPECT_TRUE(contains(body, "<title>London Office</title>"));
  EXPECT_TRUE(contains(body, "<h2>This host was down for one hour.</h2>"));
  EXPECT_TRUE(contains(get("").response.body, " Guest "));
}

// The logos the template shows are put into imgcache, as the original does, with the bytes of
// the images we ship.
TEST_F(Pages, LogosAreWrittenIntoTheImageCache) {
  get("");
  for (const char* logo : {"smokeping.png", "rrdtool.png"}) {
    auto written = smokeping::test::read_file(site_.dir().path(std::string("cache/") + logo));
    auto shipped =
        smokeping::test::read_file(std::string(SMOKEPING_SOURCE_DIR) + "/cgi/www/images/" + logo);
    ASSERT_TRUE(written) << logo;
    ASSERT_TRUE(shipped) << logo;
    EXPECT_EQ(*written, *shipped) << logo;
  }
}

TEST_F(Pages, HeadersAreTheOriginalsSet) {
  Served s = get("target=Europe");
  ASSERT_EQ(s.response.headers.size(), 4u);
  EXPECT_EQ(s.response.headers[0].first, "Expires");
  EXPECT_EQ(s.response.headers[0].second, "Wed, 25 Nov 2026 17:28:23 GMT");  // now + 300 s
  EXPECT_EQ(s.response.headers[1].second, "Wed, 25 Nov 2026 17:23:23 GMT");
  EXPECT_EQ(s.response.headers[2].first, "Content-length");
  EXPECT_EQ(s.response.headers[2].second, std::to_string(s.response.body.size()));
  EXPECT_EQ(s.response.headers[3].second, "text/html; charset=utf-8");
}

TEST_F(Pages, SlaveTargetInClassicModeShowsThatSlavesGraphs) {
  Served s = get("target=Europe.Zurich~boomer");
  EXPECT_EQ(s.response.status, 200);
  EXPECT_TRUE(contains(s.response.body, "Zurich~boomer_last_10800.png"));
  EXPECT_FALSE(contains(s.response.body, "Zurich_last_10800.png"));
  EXPECT_FALSE(contains(s.response.body, "Zurich~slave2_last"));
  EXPECT_TRUE(contains(s.response.body, "target=Europe.Zurich~boomer\">"));
}

TEST_F(Pages, NavigatorReflectsTheRequestEscaped) {
  Served s =
      get("displaymode=n;start=%22%3E%3Cscript%3E;end=now;target=Europe.Zurich;"
          "title=%3Ci%3Ehi");
  EXPECT_EQ(s.response.status, 200);
  EXPECT_FALSE(contains(s.response.body, "<script>"));
  EXPECT_FALSE(contains(s.response.body, "<i>"));
  EXPECT_TRUE(contains(s.response.body, "<h2>&lt;i&gt;hi</h2>"));
  EXPECT_TRUE(contains(s.response.body, "name=\"start\" value=\"&quot;&gt;&lt;script&gt;\""));
  EXPECT_TRUE(contains(s.response.body,
                       "action=\"/cgi-bin/smokeping.cgi?displaymode=n;start="
                       "%22%3E%3Cscript%3E;end=now;target=Europe.Zurich;"
                       "title=%3Ci%3Ehi\""));
}

TEST_F(Pages, AjaxAnswersWithTheImageOnly) {
  Served s = get("displaymode=a;start=1795616400;end=1795623600;target=Europe.London");
  EXPECT_EQ(s.response.status, 200);
  EXPECT_EQ(s.response.header("Content-Type"), "image/png");
  EXPECT_EQ(s.response.header("Content-Length"), std::to_string(s.response.body.size()));
  EXPECT_EQ(s.response.body, "\x89PNG fake image");
  ASSERT_EQ(graphs_->calls.size(), 1u);
  EXPECT_EQ(graphs_->calls[0], "ajax Europe/London");
}

TEST_F(Pages, MultihostNavigatorUsesTheOriginalsGetForm) {
  Served s = get("displaymode=n;start=now-3h;end=now;target=America.Multi");
  const std::string& body = s.response.body;
  EXPECT_TRUE(contains(body, "<IMG id=\"zoom\" alt=\"\" width=\"697\" height=\"297\""));
  EXPECT_TRUE(contains(body, "<form method=\"get\""));
  const std::size_t start = body.find("name=\"start\""), epoch = body.find("name=\"epoch_start\""),
                    hierarchy = body.find("name=\"hierarchy\" value=\"\" id=\"hierarchy\"");
  EXPECT_LT(start, epoch);
  EXPECT_LT(epoch, hierarchy);
  EXPECT_NE(hierarchy, std::string::npos);
}

TEST_F(Pages, ChartModeOnAPage) {
  Served s = get("displaymode=c;target=Europe.London");
  EXPECT_TRUE(contains(s.response.body,
                       "<div class=\"panel-body\"><a href=\"?target=Europe.London\"><IMG ALT=\"\" "
                       "SRC=\"../smokeping/images/__chartscache/Europe.London_last_3600.png\">"));
}

TEST_F(Pages, ChartsWithoutCacheAreWaiting) {
  Served s = get("target=_charts");
  EXPECT_EQ(s.response.status, 200);
  EXPECT_TRUE(contains(s.response.body,
                       "<h1>The most interesting destinations</h1><p>Waiting for initial data "
                       "...</p>"));
}

class OwnSite : public ::testing::Test {
 protected:
  std::shared_ptr<const config::Config> load(const std::string& general_extra,
                                             const std::string& targets) {
    tc_.write("basepage.html",
              "<title><##title##></title><##menu##>|<##remark##>|<##overview##>|"
              "<##body##>");
    const std::string file = tc_.write(
        "config",
        tc_.config_with(general_extra, "", smokeping::test::TempConfig::targets_top() + targets));
    return smokeping::test::load(file);
  }
  Served get(const config::Config& config, const std::string& query,
             const std::string& script = "/cgi-bin/smokeping.cgi") {
    FakeGraphs graphs(config, kReferenceNow);
    Request request = reference_request(query);
    request.env["SCRIPT_NAME"] = script;
    return serve(config, graphs, request);
  }
  smokeping::test::TempConfig tc_;
};

TEST_F(OwnSite, ConfigTextIsEscapedEverywhere) {
  auto config = load("",
                     "+ A\nmenu = <b>m</b>\ntitle = <script>t</script>\n"
                     "remark = a & <i>b</i>\n++ B\nhost = 127.0.0.1\n"
                     "title = \"><img src=x>\n");
  ASSERT_TRUE(config);
  Served s = get(*config, "target=A");
  const std::string& body = s.response.body;
  EXPECT_FALSE(contains(body, "<script>"));
  EXPECT_FALSE(contains(body, "<b>"));
  EXPECT_FALSE(contains(body, "<i>"));
  EXPECT_FALSE(contains(body, "<img src=x>"));
  EXPECT_TRUE(contains(body, "<title>&lt;script&gt;t&lt;/script&gt;</title>"));
  EXPECT_TRUE(contains(body, "|a &amp; &lt;i&gt;b&lt;/i&gt;|"));
}

TEST_F(OwnSite, LinkStyles) {
  const std::string targets = "+ A\nmenu = A\n++ B\nhost = 127.0.0.1\n";
  auto relative = load("", targets);
  EXPECT_TRUE(contains(get(*relative, "target=A").response.body, "<A HREF=\"?target=A.B\">"));
  auto absolute = load("linkstyle = absolute\n", targets);
  EXPECT_TRUE(contains(get(*absolute, "target=A").response.body,
                       "<A HREF=\"http://127.0.0.1/smokeping.cgi?target=A.B\">"));
  auto original = load("linkstyle = original\n", targets);
  Served s = get(*original, "target=A.B", "/sp/cgi");
  EXPECT_TRUE(contains(s.response.body, "href=\"/sp/cgi?target=A.B\""));
  EXPECT_TRUE(contains(s.response.body, "<a href=\"/sp/cgi?displaymode=n;start="));
}

TEST_F(OwnSite, NoMasterPollWithoutSlavesHasNoGraphs) {
  auto config = load("", "+ A\nmenu = A\n++ B\nhost = 127.0.0.1\nnomasterpoll = yes\n");
  Served s = get(*config, "target=A");
  EXPECT_FALSE(contains(s.response.body, "_mini.png"));
  EXPECT_EQ(s.response.status, 200);
}

}  // namespace
}  // namespace smokeping::web::test
