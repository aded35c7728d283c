// The menu part (web-and-rrd.md §2.5), byte for byte against the reference pages where the
// text is plain, plus hide, the filter and escaping.
#include "smokeping/web/menu.hpp"

#include <gtest/gtest.h>

#include "tests/unit/web/page_test_support.hpp"

namespace smokeping::web {
namespace {

using test::ReferenceSite;

// The reference page's switcher form and its menu list.
struct ReferenceMenu {
  std::string form, menu;
};

std::optional<ReferenceMenu> reference_menu(const std::string& name) {
  auto html = smokeping::test::read_file(test::reference_dir() + "/html/" + name + ".html");
  if (!html) return std::nullopt;
  std::size_t form = html->find("<form method=\"get\"");
  std::size_t form_end = html->find("</form>", form) + 7;
  std::size_t end = html->find("\n\n    </div>", form_end);
  return ReferenceMenu{html->substr(form, form_end - form),
                       html->substr(form_end, end + 1 - form_end)};
}

PageParams params_for(const config::Config& config,
                      std::vector<std::pair<std::string, std::string>> fields) {
  ParamsResult r = parse_page_params(protocol::FormFields{std::move(fields)}, config);
  EXPECT_EQ(r.status, ParamStatus::ok) << r.message;
  return r.params;
}

class Menu : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!site_.ok()) GTEST_SKIP() << "reference config not found";
  }
  void expect_like(const std::string& name, std::vector<std::string> open,
                   const std::string& hierarchy = "") {
    std::optional<ReferenceMenu> ref = reference_menu(name);
    if (!ref) GTEST_SKIP() << "reference page not found";
    ViewNode root = hierarchy.empty() ? targets_view(site_.config(), true)
                                      : hierarchy_view(site_.config(), hierarchy);
    std::string prefix =
        "?" + (hierarchy.empty() ? "" : "hierarchy=" + hierarchy + ";") + "target=";
    EXPECT_EQ(render_menu(root, open, prefix, nullptr), ref->menu) << name;
  }
  ReferenceSite site_;
};

TEST_F(Menu, RootShowsTheChartsEntryFirstAndNothingOpen) { expect_like("root", {}); }

TEST_F(Menu, GroupIsActiveAndItsChildrenShown) { expect_like("group-Europe", {"Europe"}); }

TEST_F(Menu, LeafIsActiveItsParentOpen) { expect_like("detail-Zurich", {"Europe", "Zurich"}); }

TEST_F(Menu, ChartsAreSortedByName) { expect_like("charts-loss", {"_charts", "loss"}); }

TEST_F(Menu, HierarchyEntriesSortedByKeyAndLinkedToTheirNodes) {
  expect_like("hierarchy-owner", {}, "owner");
  expect_like("hierarchy-owner-Joe", {"Joe"}, "owner");
  expect_like("hierarchy-owner-Joe-Zurich", {"Joe", "Zurich"}, "owner");
}

TEST_F(Menu, FilterGivesAFlatListSortedByMenuText) {
  std::optional<ReferenceMenu> ref = reference_menu("filter-on");
  if (!ref) GTEST_SKIP();
  PageParams p = params_for(site_.config(), {{"filter", "o"}, {"target", "Europe.Zurich"}});
  ViewNode root = targets_view(site_.config(), true);
  EXPECT_EQ(render_menu(root, p.open, "?filter=o;target=", p.filter_regex.get()), ref->menu);
}

TEST_F(Menu, SwitcherIsTheOriginalsForm) {
  for (const char* name : {"root", "filter-on", "hierarchy-owner-Joe"}) {
    std::optional<ReferenceMenu> ref = reference_menu(name);
    if (!ref) GTEST_SKIP();
    std::vector<std::pair<std::string, std::string>> f;
    if (std::string(name) == "filter-on") f = {{"filter", "o"}};
    if (std::string(name) == "hierarchy-owner-Joe") f = {{"hierarchy", "owner"}};
    EXPECT_EQ(render_switcher(site_.config(), params_for(site_.config(), f)), ref->form) << name;
  }
}

TEST_F(Menu, SwitcherEscapesTheFilterItShowsAgain) {
  PageParams p = params_for(site_.config(), {{"filter", "\"><script>x"}});
  std::string form = render_switcher(site_.config(), p);
  EXPECT_NE(form.find("value=\"&quot;&gt;&lt;script&gt;x\""), std::string::npos) << form;
  EXPECT_EQ(form.find("<script>"), std::string::npos);
}

class MenuOfOwnConfig : public ::testing::Test {
 protected:
  std::shared_ptr<const config::Config> load(const std::string& targets) {
    const std::string file =
        tc_.write("config", tc_.config(smokeping::test::TempConfig::targets_top() + targets));
    return smokeping::test::load(file);
  }
  smokeping::test::TempConfig tc_;
};

TEST_F(MenuOfOwnConfig, HiddenEntriesAndTheirSubtreesAreLeftOut) {
  auto config = load(
      "+ A\nmenu = Alpha\n++ A1\nhost = 127.0.0.1\n"
      "+ B\nmenu = Beta\nhide = yes\n++ B1\nhost = 127.0.0.2\nmenu = Bravo\n"
      "+ C\nmenu = Charlie\nhost = 127.0.0.3\n");
  ViewNode root = targets_view(*config, true);
  std::string menu = render_menu(root, {"B", "B1"}, "?target=", nullptr);
  EXPECT_EQ(menu,
            "<ul class=\"menu\">\n"
            "<li class=\"menuitem\"><a class=\"menulink\" href=\"?target=A\">Alpha</a>\n</li>"
            "<li class=\"menuitem\"><a class=\"menulink\" href=\"?target=C\">Charlie</a>\n</li>"
            "</ul>\n");
  auto filter = core::PerlRegex::cached("(?i)a");
  std::string flat = render_menu(root, {}, "?filter=a;target=", filter.get());
  EXPECT_EQ(flat.find("Bravo"), std::string::npos) << flat;
  EXPECT_NE(flat.find("Charlie"), std::string::npos) << flat;
}

TEST_F(MenuOfOwnConfig, FilterMatchesTitlesTooAndMenuTextIsEscaped) {
  auto config = load(
      "+ A\nmenu = <b>Alpha</b>\ntitle = Zebra crossing\nhost = 127.0.0.1\n"
      "+ B\nmenu = Beta\ntitle = Nothing\nhost = 127.0.0.2\n");
  ViewNode root = targets_view(*config, true);
  auto filter = core::PerlRegex::cached("(?i)zebra");
  std::string flat = render_menu(root, {"A"}, "?target=", filter.get());
  EXPECT_EQ(flat,
            "<ul class=\"menu\">\n<li class=\"menuactive\"><a class=\"menulinkactive\" "
            "href=\"?target=A\">&lt;b&gt;Alpha&lt;/b&gt;</a></li>\n</ul>\n");
}

}  // namespace
}  // namespace smokeping::web
