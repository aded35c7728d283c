// The tree the pages show and walk (web-and-rrd.md §2.3-§2.5): the Targets tree with the
// Charts entry in front, or the tree of one Presentation/hierarchies entry, built from the
// nodes' `parents`. A hierarchy's entries link to the real nodes (whose graphs and titles they
// show) or only group other entries.
#pragma once

#include <string>
#include <vector>

#include "smokeping/config/model.hpp"

namespace smokeping::web {

struct ViewNode {
  enum class Kind {
    target,    // a node of the Targets tree, or a hierarchy entry linked to one
    grouping,  // a hierarchy entry without a node of its own
    charts,    // the `_charts` entry
    chart,     // one chart below it
  };
  Kind kind = Kind::grouping;
  std::string key;                             // the path component in `target=`
  const config::TargetNode* target = nullptr;  // the node shown (Kind::target)
  const config::Chart* chart = nullptr;        // Kind::chart
  const config::Charts* charts = nullptr;      // Kind::charts
  std::vector<ViewNode> children;              // in menu order

  // The text of the menu entry: the node's menu, the chart's menu, or the key.
  const std::string& menu() const;
  // What the menu filter also matches; null for the chart entries, which have no title.
  const std::string* title() const;
  // `hide = yes`: left out of menus and overviews, with its subtree.
  bool hidden() const { return target && target->hide; }
  const ViewNode* child(const std::string& key) const;
};

// The Targets tree in file order; with `with_charts` and a Presentation/charts section, the
// `_charts` entry comes first, its charts sorted by section name.
ViewNode targets_view(const config::Config& config, bool with_charts);

// The tree of hierarchy `name`, entries sorted by key at every level. A node listed twice at
// the same place: the one later in the file wins.
ViewNode hierarchy_view(const config::Config& config, const std::string& name);

struct ViewPath {
  const ViewNode* node = nullptr;  // null when a component does not exist
  std::string missing;             // the first component that does not exist
};

// Walks `open` from `root`: every component must be a child of the node before it.
ViewPath resolve_view(const ViewNode& root, const std::vector<std::string>& open);

}  // namespace smokeping::web
