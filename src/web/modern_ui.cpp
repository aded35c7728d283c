#include "smokeping/web/modern_ui.hpp"

#include <filesystem>

#include "smokeping/web/html.hpp"

namespace smokeping::web {
namespace {

bool names_modern(const std::string& path) {
  return std::filesystem::path(path).filename().string().find("modern") != std::string::npos;
}

// <dir>/<stem>.html, or <dir>/<stem>.html.dist as installed; the first when neither exists.
std::string sibling_template(const std::string& configured, const std::string& stem) {
  const std::filesystem::path dir = std::filesystem::path(configured).parent_path();
  const std::string candidates[] = {(dir / (stem + ".html")).string(),
                                    (dir / (stem + ".html.dist")).string()};
  for (const auto& candidate : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return candidates[0];
}

}  // namespace

std::string modern_template_path(const std::string& classic_template) {
  return sibling_template(classic_template, "basepage-modern");
}

UiChoice choose_ui(const config::Config& config, const protocol::FormFields& form) {
  UiChoice choice;
  const std::string& configured = config.presentation.template_path;
  choice.template_path = configured;
  choice.ui = names_modern(configured) ? Ui::modern : Ui::classic;
  if (const std::string* ui = form.find("ui")) {
    if (*ui == "modern") {
      choice.ui = Ui::modern;
      if (!names_modern(configured)) choice.template_path = modern_template_path(configured);
    } else if (*ui == "classic") {
      choice.ui = Ui::classic;
      if (names_modern(configured)) choice.template_path = sibling_template(configured, "basepage");
    } else {
      choice.error = "ERROR: unknown ui '" + *ui + "' (modern or classic)";
    }
  }
  if (const std::string* view = form.find("view")) {
    if (*view == "slaves") {
      choice.view = View::slaves;
    } else if (*view == "slavestatus") {
      choice.view = View::slave_status;
    } else {
      choice.error = "ERROR: unknown view '" + *view + "' (slaves or slavestatus)";
    }
  }
  choice.format = choice.ui == Ui::modern ? ImageFormat::svg : ImageFormat::png;
  return choice;
}

std::map<std::string, std::string, std::less<>> modern_parts(const config::TargetNode* shown,
                                                             const std::string& target_link,
                                                             const UiChoice& ui) {
  std::map<std::string, std::string, std::less<>> parts;
  std::string self = target_link;
  if (ui.view == View::slaves) self += ";view=slaves";
  if (ui.view == View::slave_status) self += ";view=slavestatus";
  parts["uiswitch"] = ui.ui == Ui::modern
                          ? "<a href=\"" + html_escape(self + ";ui=classic") + "\">Classic view</a>"
                          : "<a href=\"" + html_escape(self + ";ui=modern") + "\">Modern view</a>";
  parts["slaveslink"] = "";
  if (shown && shown->has_host() && !shown->slaves.empty()) {
    const bool in_view = ui.view == View::slaves;
    const std::string href = in_view ? target_link : target_link + ";view=slaves";
    const std::string text = in_view ? "Graphs per source" : "All slaves in one graph";
    parts["slaveslink"] =
        "<a class=\"slaves-link\" href=\"" + html_escape(href) + "\">" + text + "</a>";
  }
  return parts;
}

std::optional<config::TargetNode> slaves_node(const config::TargetNode& target) {
  if (!target.has_host() || target.slaves.empty() || !target.probe) return std::nullopt;
  config::TargetNode node = target;
  node.kind = config::TargetNode::Kind::multihost;
  node.children.clear();
  const std::string path = "/" + target.rel_path();
  node.host = target.nomasterpoll ? "" : path;
  for (const auto& slave : target.slaves) node.host += " " + path + "~" + slave;
  return node;
}

}  // namespace smokeping::web
