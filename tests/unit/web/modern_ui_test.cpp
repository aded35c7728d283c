// The modern UI's choice of template and graph format, its placeholders, and the combined
// slave view, on the reference site with the fake graphs.
#include "smokeping/web/modern_ui.hpp"

#include <gtest/gtest.h>

#include "tests/unit/web/page_test_support.hpp"

namespace smokeping::web::test {
namespace {

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

constexpr const char* kModernTemplate =
    "<main class=\"modern\"><##title##>|<##slaveslink##>|<##uiswitch##>|<##body##></main>";

class ModernUi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!site_.ok()) GTEST_SKIP() << "reference config not found";
    graphs_ = std::make_unique<FakeGraphs>(site_.config(), kReferenceNow);
  }
  Served get(const std::string& query) {
    return serve(site_.config(), *graphs_, reference_request(query));
  }
  UiChoice choose(const std::string& query) {
    return choose_ui(site_.config(), form_of(reference_request(query)));
  }
  std::string etc(const std::string& name) { return site_.dir().path("etc/" + name); }
  ReferenceSite site_;
  std::unique_ptr<FakeGraphs> graphs_;
};

TEST_F(ModernUi, WithoutUiTheConfiguredClassicTemplateAndPngAreUsed) {
  UiChoice ui = choose("target=Europe.Zurich");
  EXPECT_EQ(ui.ui, Ui::classic);
  EXPECT_EQ(ui.template_path, site_.config().presentation.template_path);
  EXPECT_EQ(ui.format, ImageFormat::png);
  EXPECT_TRUE(ui.error.empty());
}

TEST_F(ModernUi, UiModernTakesTheModernTemplateNextToTheClassicOneAndSvg) {
  UiChoice ui = choose("ui=modern");
  EXPECT_EQ(ui.ui, Ui::modern);
  EXPECT_EQ(ui.format, ImageFormat::svg);
  EXPECT_EQ(ui.template_path, etc("basepage-modern.html"));  // neither exists: the first
  site_.dir().write("etc/basepage-modern.html.dist", kModernTemplate);
  EXPECT_EQ(choose("ui=modern").template_path, etc("basepage-modern.html.dist"));
  site_.dir().write("etc/basepage-modern.html", kModernTemplate);
  EXPECT_EQ(choose("ui=modern").template_path, etc("basepage-modern.html"));
}

TEST_F(ModernUi, ATemplateNamedModernMakesModernTheDefault) {
  EXPECT_EQ(modern_template_path("/etc/smokeping/basepage.html"),
            "/etc/smokeping/basepage-modern.html");
  config::Config config = site_.config();
  config.presentation.template_path = etc("basepage-modern.html");
  UiChoice ui = choose_ui(config, form_of(reference_request("")));
  EXPECT_EQ(ui.ui, Ui::modern);
  EXPECT_EQ(ui.format, ImageFormat::svg);
  EXPECT_EQ(ui.template_path, etc("basepage-modern.html"));
  ui = choose_ui(config, form_of(reference_request("ui=classic")));
  EXPECT_EQ(ui.ui, Ui::classic);
  EXPECT_EQ(ui.format, ImageFormat::png);
  EXPECT_EQ(ui.template_path, etc("basepage.html"));
}

TEST_F(ModernUi, UnknownUiOrViewIsRefusedBeforeAnyGraph) {
  EXPECT_FALSE(choose("ui=fancy").error.empty());
  EXPECT_FALSE(choose("view=everything").error.empty());
  for (const char* query : {"target=Europe.Zurich;ui=fancy", "target=Europe.Zurich;view=x"}) {
    Served s = get(query);
    EXPECT_EQ(s.response.status, 400) << query;
    EXPECT_TRUE(graphs_->calls.empty()) << query;
  }
}

TEST_F(ModernUi, RefusedUiValueIsShownEscaped) {
  Served s = get("ui=%3Cb%3Ebold");
  EXPECT_EQ(s.response.status, 400);
  EXPECT_TRUE(contains(s.response.body, "unknown ui &#39;&lt;b&gt;bold&#39;")) << s.response.body;
  EXPECT_FALSE(contains(s.response.body, "<b>bold")) << s.response.body;
}

TEST_F(ModernUi, ModernPageFillsItsPlaceholders) {
  site_.dir().write("etc/basepage-modern.html", kModernTemplate);
  Served s = get("target=Europe.Zurich;ui=modern");
  ASSERT_EQ(s.response.status, 200) << s.log_text();
  const std::string& body = s.response.body;
  EXPECT_TRUE(contains(body, "<main class=\"modern\">Zurich Office|")) << body;
  EXPECT_TRUE(contains(body, "href=\"?target=Europe.Zurich;view=slaves\"")) << body;
  EXPECT_TRUE(contains(body, "href=\"?target=Europe.Zurich;ui=classic\">Classic view")) << body;
  // A target without slaves has no combined view to link to.
  Served london = get("target=Europe.London;ui=modern");
  EXPECT_TRUE(contains(london.response.body, "|<a href")) << london.response.body;
}

TEST_F(ModernUi, MissingModernTemplateIsA500NamingIt) {
  Served s = get("target=Europe.Zurich;ui=modern");
  EXPECT_EQ(s.response.status, 500);
  EXPECT_TRUE(contains(s.response.body, etc("basepage-modern.html"))) << s.response.body;
}

TEST_F(ModernUi, SlavesNodeListsTheMasterAndEverySlave) {
  const config::TargetNode* zurich = site_.config().find_target({"Europe", "Zurich"});
  ASSERT_NE(zurich, nullptr);
  std::optional<config::TargetNode> node = slaves_node(*zurich);
  ASSERT_TRUE(node);
  EXPECT_EQ(node->kind, config::TargetNode::Kind::multihost);
  EXPECT_EQ(node->host, "/Europe/Zurich /Europe/Zurich~boomer /Europe/Zurich~slave2");
  config::TargetNode no_master = *zurich;
  no_master.nomasterpoll = true;
  EXPECT_EQ(slaves_node(no_master)->host, " /Europe/Zurich~boomer /Europe/Zurich~slave2");
  EXPECT_FALSE(slaves_node(*site_.config().find_target({"Europe", "London"})));
}

TEST_F(ModernUi, SlavesViewDrawsOneGraphInsteadOfTheDetailPanels) {
  Served s = get("target=Europe.Zurich;view=slaves");
  ASSERT_EQ(s.response.status, 200) << s.log_text();
  EXPECT_TRUE(contains(s.response.body, "id=\"slaves-graph\"")) << s.response.body;
  std::vector<std::string> drawn;
  for (const auto& call : graphs_->calls)
    if (call.rfind("overview", 0) != 0) drawn.push_back(call);
  EXPECT_EQ(drawn, std::vector<std::string>{"navigator Europe/Zurich"});
}

TEST_F(ModernUi, SlavesViewOfATargetWithoutSlavesIsA404) {
  Served s = get("target=Europe.London;view=slaves");
  EXPECT_EQ(s.response.status, 404);
  EXPECT_TRUE(contains(s.log_text(), "no slaves")) << s.log_text();
}

}  // namespace
}  // namespace smokeping::web::test

namespace smokeping::web::test {
namespace {

class ModernViews : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!site_.ok()) GTEST_SKIP() << "reference config not found";
    graphs_ = std::make_unique<FakeGraphs>(site_.config(), kReferenceNow);
  }
  ReferenceSite site_;
  std::unique_ptr<FakeGraphs> graphs_;
};

TEST_F(ModernViews, SlaveStatusViewShowsTheTableInThePageWithItsMenu) {
  Served s = serve(site_.config(), *graphs_, reference_request("view=slavestatus"));
  ASSERT_EQ(s.response.status, 200) << s.log_text();
  const std::string& body = s.response.body;
  EXPECT_NE(body.find("<title>Slave status</title>"), std::string::npos) << body;
  EXPECT_NE(body.find("<table"), std::string::npos) << body;
  EXPECT_NE(body.find("Boomer"), std::string::npos) << body;
  EXPECT_NE(body.find("class=\"menulink\""), std::string::npos) << body;
  EXPECT_TRUE(graphs_->calls.empty());  // no graph is drawn for it
}

TEST_F(ModernViews, SlaveStatusViewWithoutSlavesIsA404) {
  config::Config config = site_.config();
  config.slaves.reset();
  Served s = serve(config, *graphs_, reference_request("view=slavestatus"));
  EXPECT_EQ(s.response.status, 404);
}

}  // namespace
}  // namespace smokeping::web::test
