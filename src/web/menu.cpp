#include "smokeping/web/menu.hpp"

#include <algorithm>

#include "smokeping/web/html.hpp"

namespace smokeping::web {
namespace {

struct Classes {
  const char* item;
  const char* link;
};

// The entry on the open path with more path below it is "open"; the last one "active".
Classes classes_of(const std::string& key, const std::string& current, bool more_below) {
  if (key != current) return {"menuitem", "menulink"};
  return more_below ? Classes{"menuopen", "menulink"} : Classes{"menuactive", "menulinkactive"};
}

struct Match {
  std::string href, menu;
  Classes classes;
};

std::vector<const ViewNode*> visible_children(const ViewNode& node) {
  std::vector<const ViewNode*> out;
  for (const auto& child : node.children) {
    if (!child.hidden()) out.push_back(&child);
  }
  return out;
}

std::string li(const Classes& c, const std::string& href, const std::string& menu) {
  return std::string("<li class=\"") + c.item + "\"><a class=\"" + c.link + "\" href=\"" +
         html_escape(href) + "\">" + html_escape(menu) + "</a>";
}

// A link: `prefix`, the dotted path, `suffix`.
struct LinkForm {
  std::string_view prefix, suffix;
  std::string href(const std::string& dotted) const {
    return std::string(prefix) + dotted + std::string(suffix);
  }
};

void tree_level(const ViewNode& node, std::vector<std::string> open, const std::string& path,
                const LinkForm& link, std::string& out) {
  if (node.children.empty()) return;
  std::vector<const ViewNode*> entries = visible_children(node);
  std::string current;
  if (!open.empty()) {
    current = open.front();
    open.erase(open.begin());
  }
  out += "<ul class=\"menu\">\n";
  for (const ViewNode* entry : entries) {
    out += li(classes_of(entry->key, current, !open.empty()), link.href(path + entry->key),
              entry->menu());
    out += "\n";
    if (entry->key == current) tree_level(*entry, open, path + entry->key + ".", link, out);
    out += "</li>";
  }
  out += "</ul>\n";
}

// Every level is searched with the rest of the open path, whether or not its parent is on
// that path; the original computes the classes this way.
void collect_matches(const ViewNode& node, std::vector<std::string> open, const std::string& path,
                     const LinkForm& link, const core::PerlRegex& filter, std::vector<Match>& out) {
  std::string current;
  if (!open.empty()) {
    current = open.front();
    open.erase(open.begin());
  }
  for (const ViewNode* entry : visible_children(node)) {
    const std::string* title = entry->title();
    if (filter.search(entry->menu()) || (title && filter.search(*title))) {
      out.push_back({link.href(path + entry->key), entry->menu(),
                     classes_of(entry->key, current, !open.empty())});
    }
    collect_matches(*entry, open, path + entry->key + ".", link, filter, out);
  }
}

}  // namespace

std::string render_switcher(const config::Config& config, const PageParams& params) {
  std::string out = "<form method=\"get\" action=\"" + html_escape(config.general.cgiurl) +
                    "\" enctype=\"multipart/form-data\" name=\"hswitch\">";
  const auto& hierarchies = config.presentation.hierarchies;
  if (!hierarchies.empty()) {
    out +=
        "<div class=\"hierarchy\"><label for=\"hierarchy\" class=\"hierarchy-label\">Hierarchy:"
        "</label><div class=\"hierarchy-popup\"><select name=\"hierarchy\"  id=\"hierarchy\" "
        "onchange=\"hswitch.submit()\">\n";
    std::vector<std::pair<std::string, std::string>> options{{"0", "Default Hierarchy"}};
    std::vector<const config::Hierarchy*> sorted;
    for (const auto& h : hierarchies) sorted.push_back(&h);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto* a, const auto* b) { return a->name < b->name; });
    for (const auto* h : sorted) options.emplace_back(h->name, h->title);
    for (const auto& [value, label] : options) {
      // CGI.pm's popup_menu selects the option equal to the request's value.
      out += params.hierarchy_field == value ? "<option selected=\"selected\" value=\""
                                             : "<option value=\"";
      out += html_escape(value) + "\">" + html_escape(label) + "</option>\n";
    }
    out += "</select></div></div>";
  }
  out +=
      "<div class=\"filter\"><label for=\"filter\" class=\"filter-label\">Filter:</label>"
      "<div class=\"filter-text\"><input type=\"text\" name=\"filter\"";
  // CGI.pm's sticky field: the double space becomes the value the request sent.
  out += params.filter_field ? " value=\"" + html_escape(*params.filter_field) + "\" " : "  ";
  out +=
      "size=\"15\" id=\"filter\" onchange=\"hswitch.submit()\" placeholder=\"Filter menu...\" />"
      "</div></div></form>";
  return out;
}

std::string render_menu(const ViewNode& root, const std::vector<std::string>& open,
                        std::string_view link_prefix, const core::PerlRegex* filter,
                        std::string_view link_suffix) {
  const LinkForm link{link_prefix, link_suffix};
  std::string out;
  if (!filter) {
    tree_level(root, open, "", link, out);
    return out;
  }
  std::vector<Match> matches;
  collect_matches(root, open, "", link, *filter, matches);
  if (root.children.empty()) return out;
  std::stable_sort(matches.begin(), matches.end(),
                   [](const Match& a, const Match& b) { return a.menu < b.menu; });
  out += "<ul class=\"menu\">\n";
  for (const auto& m : matches) out += li(m.classes, m.href, m.menu) + "</li>\n";
  out += "</ul>\n";
  return out;
}

}  // namespace smokeping::web
