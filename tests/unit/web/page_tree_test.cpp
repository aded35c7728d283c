// The trees the pages walk (web-and-rrd.md §2.3-§2.5): the Targets tree with the Charts entry,
// and hierarchy trees built from `parents`, with the original's quirks.
#include "smokeping/web/page_tree.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_config.hpp"

namespace smokeping::web {
namespace {

class PageTree : public ::testing::Test {
 protected:
  std::shared_ptr<const config::Config> load(const std::string& presentation_extra,
                                             const std::string& targets) {
    const std::string file =
        tc_.write("config", tc_.general() + smokeping::test::TempConfig::database() +
                                tc_.presentation(presentation_extra) + tc_.probes() +
                                smokeping::test::TempConfig::targets_top() + targets);
    return smokeping::test::load(file);
  }
  static std::vector<std::string> keys(const ViewNode& node) {
    std::vector<std::string> out;
    for (const auto& c : node.children) out.push_back(c.key);
    return out;
  }
  smokeping::test::TempConfig tc_;
};

TEST_F(PageTree, TargetsInFileOrderWithChartsFirst) {
  auto config = load(
      "+ charts\nmenu = Charts\ntitle = C\n++ zeta\nsorter = Max(entries=>3)\ntitle = Z\nmenu = Z\n"
      "++ alpha\nsorter = Loss(entries=>3)\ntitle = A\nmenu = A\n",
      "+ B\nmenu = B\n+ A\nmenu = A\n");
  ASSERT_TRUE(config);
  ViewNode root = targets_view(*config, true);
  EXPECT_EQ(keys(root), (std::vector<std::string>{"_charts", "B", "A"}));
  EXPECT_EQ(keys(root.children[0]), (std::vector<std::string>{"alpha", "zeta"}));
  EXPECT_EQ(root.children[0].menu(), "Charts");
  EXPECT_EQ(root.children[0].title(), nullptr);  // the filter matches chart entries by menu only
  EXPECT_EQ(keys(targets_view(*config, false)), (std::vector<std::string>{"B", "A"}));
}

TEST_F(PageTree, HierarchyGroupsByParentsSortedByKey) {
  auto config = load("+ hierarchies\n++ owner\ntitle = Owner\n",
                     "+ G\nmenu = G\n"
                     "++ Zed\nhost = 127.0.0.1\nparents = owner:/Joe\n"
                     "++ Amy\nhost = 127.0.0.2\nparents = owner:/Joe/Far owner:/Ann\n"
                     "++ Bob\nhost = 127.0.0.3\nparents = owner:/\n");
  ASSERT_TRUE(config);
  ViewNode root = hierarchy_view(*config, "owner");
  // "owner:/" puts Bob at the top.
  EXPECT_EQ(keys(root), (std::vector<std::string>{"Ann", "Bob", "Joe"}));
  const ViewNode* joe = root.child("Joe");
  ASSERT_TRUE(joe);
  EXPECT_EQ(joe->kind, ViewNode::Kind::grouping);
  EXPECT_EQ(joe->menu(), "Joe");
  EXPECT_EQ(keys(*joe), (std::vector<std::string>{"Far", "Zed"}));
  ViewPath amy = resolve_view(root, {"Joe", "Far", "Amy"});
  ASSERT_TRUE(amy.node);
  EXPECT_EQ(amy.node->target->path, (std::vector<std::string>{"G", "Amy"}));
  EXPECT_EQ(resolve_view(root, {"Joe", "Nobody"}).missing, "Nobody");
}

TEST_F(PageTree, ResolveNeedsEveryComponentToBeAChild) {
  auto config = load("", "+ A\nmenu = A\n++ B\nhost = 127.0.0.1\n");
  ViewNode root = targets_view(*config, true);
  EXPECT_TRUE(resolve_view(root, {"A", "B"}).node);
  EXPECT_EQ(resolve_view(root, {"A", "host"}).missing, "host");
  EXPECT_EQ(resolve_view(root, {"A", ""}).missing, "");
  EXPECT_FALSE(resolve_view(root, {"A", ""}).node);
  EXPECT_EQ(resolve_view(root, {}).node, &root);
}

}  // namespace
}  // namespace smokeping::web
