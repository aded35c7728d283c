// The pages of --static-pages, rendered with fake graphs: one file per node, links between the
// files, no CGI parts.
#include "smokeping/web/static_site.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/unit/web/page_test_support.hpp"

namespace smokeping::web {
namespace {

using test::FakeGraphs;
using test::ReferenceSite;

struct Site {
  std::vector<StaticPage> pages;  // in the order they were emitted
  std::vector<std::string> problems;

  const StaticPage* page(const std::string& name) const {
    for (const auto& p : pages) {
      if (p.file_name == name) return &p;
    }
    return nullptr;
  }
};

Site render(const config::Config& config, FakeGraphs& graphs,
            const std::string& template_text = ReferenceSite::kTemplate,
            const std::string& user = "Guest") {
  Site site;
  StaticSiteInput input{config, template_text, user};
  site.problems = render_static_site(input, graphs,
                                     [&](const StaticPage& page) { site.pages.push_back(page); });
  return site;
}

// Every node's path, depth first in file order: the order the pages should come in.
void node_paths(const config::TargetNode& node, std::vector<std::string> path,
                std::vector<std::vector<std::string>>& out) {
  out.push_back(path);
  for (const auto& child : node.children) {
    path.push_back(child.name);
    node_paths(child, path, out);
    path.pop_back();
  }
}

std::vector<std::string> attribute_values(const std::string& html, const std::string& tag_name,
                                          const std::string& attribute) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = html.find('<', at)) != std::string::npos) {
    test::Tag tag;
    at = test::read_tag(html, at, tag);
    if (tag.name == tag_name && tag.attrs.count(attribute)) out.push_back(tag.attrs[attribute]);
  }
  return out;
}

// The text of the menu: from the template's sidebar to the main part.
std::string menu_of(const std::string& html) {
  std::size_t from = html.find("<div class=\"sidebar-menu\">");
  std::size_t to = html.find("<div class=\"main\">");
  return html.substr(from, to - from);
}

TEST(StaticPageName, RootIsIndexAndNodesAreTheirDottedPaths) {
  EXPECT_EQ(static_page_name({}), "index.html");
  EXPECT_EQ(static_page_name({"Europe"}), "Europe.html");
  EXPECT_EQ(static_page_name({"Europe", "Zurich"}), "Europe.Zurich.html");
}

TEST(StaticPageName, KeepsEveryCharacterANodeNameMayHave) {
  EXPECT_EQ(static_page_name({"my-Group_2", "sub-host_1", "9"}), "my-Group_2.sub-host_1.9.html");
}

TEST(StaticSite, WritesOnePagePerNodeRootFirstInFileOrder) {
  ReferenceSite ref;
  if (!ref.ok()) GTEST_SKIP() << "shared reference config missing";
  FakeGraphs graphs(ref.config(), test::kReferenceNow);
  Site site = render(ref.config(), graphs);
  std::vector<std::vector<std::string>> paths;
  node_paths(ref.config().targets, {}, paths);
  ASSERT_EQ(site.pages.size(), paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    EXPECT_EQ(site.pages[i].path, paths[i]);
    EXPECT_EQ(site.pages[i].file_name, static_page_name(paths[i]));
  }
  EXPECT_TRUE(site.problems.empty());
}

TEST(StaticSite, EveryLinkNamesAPageOfTheSiteOrAGraph) {
  ReferenceSite ref;
  if (!ref.ok()) GTEST_SKIP() << "shared reference config missing";
  FakeGraphs graphs(ref.config(), test::kReferenceNow);
  Site site = render(ref.config(), graphs);
  std::set<std::string> names;
  for (const auto& page : site.pages) names.insert(page.file_name);
  const std::string imgurl = ref.config().general.imgurl + "/";
  int page_links = 0, image_links = 0;
  for (const auto& page : site.pages) {
    for (const auto& href : attribute_values(page.html, "a", "href")) {
      if (href.rfind("http://", 0) == 0) continue;  // author, counter and logo links
      EXPECT_EQ(href.find('?'), std::string::npos) << page.file_name << ": " << href;
      if (href.rfind(imgurl, 0) == 0) {
        ++image_links;
      } else {
        EXPECT_TRUE(names.count(href)) << page.file_name << " links to " << href;
        ++page_links;
      }
    }
  }
  EXPECT_GT(page_links, 0);
  EXPECT_GT(image_links, 0);
}

TEST(StaticSite, MenuHasNoSwitcherNoFilterAndNoCharts) {
  ReferenceSite ref;
  if (!ref.ok()) GTEST_SKIP() << "shared reference config missing";
  ASSERT_TRUE(ref.config().presentation.charts);  // the CGI would show them
  ASSERT_FALSE(ref.config().presentation.hierarchies.empty());
  FakeGraphs graphs(ref.config(), test::kReferenceNow);
  Site site = render(ref.config(), graphs);
  for (const auto& page : site.pages) {
    EXPECT_EQ(page.html.find("<form"), std::string::npos) << page.file_name;
    EXPECT_EQ(page.html.find("_charts"), std::string::npos) << page.file_name;
    EXPECT_EQ(page.html.find(ref.config().presentation.charts->menu), std::string::npos)
        << page.file_name;
  }
}

TEST(StaticSite, MenuOpensThePathOfThePage) {
  ReferenceSite ref;
  if (!ref.ok()) GTEST_SKIP() << "shared reference config missing";
  FakeGraphs graphs(ref.config(), test::kReferenceNow);
  Site site = render(ref.config(), graphs);
  const StaticPage* zurich = site.page("Europe.Zurich.html");
  ASSERT_NE(zurich, nullptr);
  std::string menu = menu_of(zurich->html);
  EXPECT_NE(menu.find("<li class=\"menuopen\"><a class=\"menulink\" href=\"Europe.html\">"),
            std::string::npos)
      << menu;
  EXPECT_NE(menu.find("<li class=\"menuactive\"><a class=\"menulinkactive\" "
                      "href=\"Europe.Zurich.html\">"),
            std::string::npos)
      << menu;
  const StaticPage* root = site.page("index.html");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(menu_of(root->html).find("menuactive"), std::string::npos);
  EXPECT_EQ(menu_of(root->html).find("Europe.Zurich.html"), std::string::npos);
}

TEST(StaticSite, OverviewLinksToThePagesAndDetailGraphsToTheirImages) {
  ReferenceSite ref;
  if (!ref.ok()) GTEST_SKIP() << "shared reference config missing";
  FakeGraphs graphs(ref.config(), test::kReferenceNow);
  Site site = render(ref.config(), graphs);
  const StaticPage* europe = site.page("Europe.html");
  ASSERT_NE(europe, nullptr);
  std::vector<std::string> links = attribute_values(europe->html, "a", "href");
  EXPECT_NE(std::find(links.begin(), links.end(), "Europe.London.html"), links.end());

  const StaticPage* zurich = site.page("Europe.Zurich.html");
  ASSERT_NE(zurich, nullptr);
  std::vector<std::string> images = attribute_values(zurich->html, "img", "src");
  std::vector<std::string> hrefs = attribute_values(zurich->html, "a", "href");
  int linked = 0;
  for (const auto& src : images) {
    if (src.find("_last_") == std::string::npos) continue;
    EXPECT_NE(std::find(hrefs.begin(), hrefs.end(), src), hrefs.end()) << src;
    ++linked;
  }
  // Each period for the master and both slaves.
  EXPECT_EQ(linked, static_cast<int>(3 * ref.config().presentation.detail.spans.size()));
}

TEST(StaticSite, FixedPartsUseTheOfflineLinksAndTheGivenUser) {
  ReferenceSite ref;
  if (!ref.ok()) GTEST_SKIP() << "shared reference config missing";
  FakeGraphs graphs(ref.config(), test::kReferenceNow);
  Site site = render(ref.config(), graphs, ReferenceSite::kTemplate, "alice<b>");
  const StaticPage* root = site.page("index.html");
  ASSERT_NE(root, nullptr);
  EXPECT_NE(root->html.find("<A HREF=\"http://tobi.oetiker.ch/\">"), std::string::npos);
  EXPECT_NE(root->html.find("http://oss.oetiker.ch/smokeping/counter.cgi/"), std::string::npos);
  EXPECT_EQ(root->html.find("https://"), std::string::npos);
  EXPECT_NE(root->html.find("src=\"" + ref.config().general.imgurl + "/rrdtool.png\""),
            std::string::npos);
  EXPECT_NE(root->html.find(" alice&lt;b&gt; "), std::string::npos);
  EXPECT_NE(root->html.find("<h1>" + ref.config().targets.title + "</h1>"), std::string::npos);
  EXPECT_NE(root->html.find("<##unknown##>"), std::string::npos);  // left as written
}

TEST(StaticSite, StepIsThatOfTheNodesOwnProbe) {
  smokeping::test::TempConfig dir;
  std::string file = dir.write(
      "etc/config", dir.config("*** Targets ***\nprobe = fast\nmenu = Top\ntitle = Top\n"
                               "+ Near\nmenu = Near\ntitle = Near\nhost = 127.0.0.1\n"
                               "+ Far\nprobe = slow\nmenu = Far\ntitle = Far\nhost = 127.0.0.2\n",
                               "++ fast\nstep = 60\n++ slow\nstep = 900\n"));
  auto config = smokeping::test::load(file);
  FakeGraphs graphs(*config, test::kReferenceNow);
  Site site = render(*config, graphs, "step=<##step##>;");
  ASSERT_EQ(site.pages.size(), 3u);
  EXPECT_EQ(site.page("index.html")->html, "step=60;");
  EXPECT_EQ(site.page("Near.html")->html, "step=60;");
  EXPECT_EQ(site.page("Far.html")->html, "step=900;");
}

TEST(StaticSite, HiddenNodeHasAPageThatNoOtherPageLinksTo) {
  smokeping::test::TempConfig dir;
  std::string file = dir.write(
      "etc/config",
      dir.config(smokeping::test::TempConfig::targets_top() +
                 "+ Shown\nmenu = Shown\ntitle = Shown\nhost = 127.0.0.1\n"
                 "+ Secret\nmenu = Secret\ntitle = Secret\nhost = 127.0.0.2\nhide = yes\n"));
  auto config = smokeping::test::load(file);
  FakeGraphs graphs(*config, test::kReferenceNow);
  Site site = render(*config, graphs, ReferenceSite::kTemplate);
  const StaticPage* secret = site.page("Secret.html");
  ASSERT_NE(secret, nullptr);
  EXPECT_NE(secret->html.find("<h1>Secret</h1>"), std::string::npos);
  for (const auto& page : site.pages) {
    for (const auto& href : attribute_values(page.html, "a", "href"))
      EXPECT_NE(href, "Secret.html") << page.file_name;
  }
  EXPECT_NE(site.page("index.html")->html.find("href=\"Shown.html\""), std::string::npos);
}

TEST(StaticSite, FailedGraphIsShownInItsPageAndReported) {
  ReferenceSite ref;
  if (!ref.ok()) GTEST_SKIP() << "shared reference config missing";
  FakeGraphs graphs(ref.config(), test::kReferenceNow);
  graphs.failing.insert("Europe/London");
  Site site = render(ref.config(), graphs);
  ASSERT_NE(site.page("Europe.London.html"), nullptr);
  EXPECT_NE(site.page("Europe.London.html")->html.find("ERROR: opening"), std::string::npos);
  EXPECT_NE(site.page("Europe.html")->html.find("ERROR: opening"), std::string::npos);
  ASSERT_FALSE(site.problems.empty());
  for (const auto& problem : site.problems)
    EXPECT_NE(problem.find("Europe/London"), std::string::npos) << problem;
  EXPECT_NE(site.page("America.html"), nullptr);  // the walk went on
}

TEST(StaticSite, ExceptionFromEmitStopsTheWalk) {
  ReferenceSite ref;
  if (!ref.ok()) GTEST_SKIP() << "shared reference config missing";
  FakeGraphs graphs(ref.config(), test::kReferenceNow);
  int calls = 0;
  StaticSiteInput input{ref.config(), ReferenceSite::kTemplate};
  EXPECT_THROW(render_static_site(input, graphs,
                                  [&](const StaticPage&) {
                                    if (++calls == 2) throw std::runtime_error("disk full");
                                  }),
               std::runtime_error);
  EXPECT_EQ(calls, 2);
}

TEST(StaticSiteConflict, TopLevelNodeNamedIndexWouldOverwriteTheRootPage) {
  smokeping::test::TempConfig dir;
  std::string text = dir.config(smokeping::test::TempConfig::targets_top() +
                                "+ index\nmenu = Index\ntitle = Index\nhost = 127.0.0.1\n");
  std::string file = dir.write("etc/config", text);
  auto config = smokeping::test::load(file);
  std::optional<std::string> conflict = static_site_conflict(*config);
  ASSERT_TRUE(conflict.has_value());
  EXPECT_NE(conflict->find("target 'index'"), std::string::npos) << *conflict;
  EXPECT_NE(conflict->find(
                file + ", line " +
                std::to_string(smokeping::test::next_line(text.substr(0, text.find("+ index"))))),
            std::string::npos)
      << *conflict;
}

TEST(StaticSiteConflict, IndexBelowTheTopAndOtherNamesAreFine) {
  smokeping::test::TempConfig dir;
  std::string file = dir.write(
      "etc/config",
      dir.config(smokeping::test::TempConfig::targets_top() +
                 "+ Group\nmenu = G\ntitle = G\n++ index\nmenu = I\ntitle = I\nhost = 127.0.0.1\n"
                 "+ Index\nmenu = I\ntitle = I\nhost = 127.0.0.2\n"));
  auto config = smokeping::test::load(file);
  EXPECT_FALSE(static_site_conflict(*config).has_value());
}

}  // namespace
}  // namespace smokeping::web
