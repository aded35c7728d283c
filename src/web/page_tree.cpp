#include "smokeping/web/page_tree.hpp"

#include <algorithm>

namespace smokeping::web {
namespace {

ViewNode view_of(const config::TargetNode& node) {
  ViewNode view;
  view.kind = ViewNode::Kind::target;
  view.key = node.name;
  view.target = &node;
  view.children.reserve(node.children.size());
  for (const auto& child : node.children) view.children.push_back(view_of(child));
  return view;
}

ViewNode charts_view(const config::Charts& charts) {
  ViewNode view;
  view.kind = ViewNode::Kind::charts;
  view.key = "_charts";
  view.charts = &charts;
  for (const auto& chart : charts.charts) {
    ViewNode entry;
    entry.kind = ViewNode::Kind::chart;
    entry.key = chart.name;
    entry.chart = &chart;
    view.children.push_back(std::move(entry));
  }
  std::stable_sort(view.children.begin(), view.children.end(),
                   [](const ViewNode& a, const ViewNode& b) { return a.key < b.key; });
  return view;
}

ViewNode* child_of(ViewNode& parent, const std::string& key) {
  for (auto& child : parent.children) {
    if (child.key == key) return &child;
  }
  parent.children.push_back(ViewNode{});
  parent.children.back().key = key;
  return &parent.children.back();
}

// `parents = owner:/Joe/Far`: the original splits the path at runs of `/` and drops the first
// element (the empty one before the leading `/`, or the first name when there is none).
std::vector<std::string> hierarchy_path(const std::string& text) {
  std::vector<std::string> parts;
  std::string part;
  bool in_slashes = false;
  for (char c : text) {
    if (c == '/') {
      if (!in_slashes) parts.push_back(part);
      part.clear();
      in_slashes = true;
    } else {
      part.push_back(c);
      in_slashes = false;
    }
  }
  parts.push_back(part);
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  if (!parts.empty()) parts.erase(parts.begin());
  return parts;
}

void add_links(const config::TargetNode& node, const std::string& name, ViewNode& root) {
  for (const auto& child : node.children) {
    for (const auto& [hierarchy, path] : child.parents) {
      if (hierarchy != name) continue;
      ViewNode* point = &root;
      for (const auto& item : hierarchy_path(path)) point = child_of(*point, item);
      ViewNode* entry = child_of(*point, child.name);
      entry->kind = ViewNode::Kind::target;
      entry->target = &child;
    }
    add_links(child, name, root);
  }
}

void sort_by_key(ViewNode& node) {
  std::stable_sort(node.children.begin(), node.children.end(),
                   [](const ViewNode& a, const ViewNode& b) { return a.key < b.key; });
  for (auto& child : node.children) sort_by_key(child);
}

}  // namespace

const std::string& ViewNode::menu() const {
  switch (kind) {
    case Kind::target:
      if (!target->menu.empty()) return target->menu;
      break;
    case Kind::charts:
      if (!charts->menu.empty()) return charts->menu;
      break;
    case Kind::chart:
      if (!chart->menu.empty()) return chart->menu;
      break;
    case Kind::grouping:
      break;
  }
  return key;
}

const std::string* ViewNode::title() const {
  switch (kind) {
    case Kind::target:
      return target->menu.empty() ? &key : &target->title;
    case Kind::grouping:
      return &key;
    case Kind::charts:
      return charts->menu.empty() ? &key : nullptr;
    case Kind::chart:
      return chart->menu.empty() ? &key : nullptr;
  }
  return nullptr;
}

const ViewNode* ViewNode::child(const std::string& wanted) const {
  for (const auto& c : children) {
    if (c.key == wanted) return &c;
  }
  return nullptr;
}

ViewNode targets_view(const config::Config& config, bool with_charts) {
  ViewNode root = view_of(config.targets);
  if (with_charts && config.presentation.charts) {
    root.children.insert(root.children.begin(), charts_view(*config.presentation.charts));
  }
  return root;
}

ViewNode hierarchy_view(const config::Config& config, const std::string& name) {
  ViewNode root;
  add_links(config.targets, name, root);
  sort_by_key(root);
  return root;
}

ViewPath resolve_view(const ViewNode& root, const std::vector<std::string>& open) {
  ViewPath out;
  const ViewNode* node = &root;
  for (const auto& component : open) {
    node = node->child(component);
    if (!node) {
      out.missing = component;
      return out;
    }
  }
  out.node = node;
  return out;
}

}  // namespace smokeping::web
