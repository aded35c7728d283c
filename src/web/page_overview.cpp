// The overview part (web-and-rrd.md §2.6): the small graph of every visible child with a host,
// linked to the child's page. A child whose graph fails shows librrd's error in its panel and
// the page stays a 200: one broken child does not break its group's page.
#include "smokeping/web/html.hpp"
#include "src/web/detail/page_parts.hpp"

namespace smokeping::web::detail {
namespace {

bool has_graph(const config::TargetNode& node) {
  return node.kind != config::TargetNode::Kind::group && !node.hide;
}

std::string panel_error(const GraphImage& image) {
  std::string out = "ERROR: " + html_escape(image.error) + "<br>";
  const auto& args = image.error_args.empty() ? image.args : image.error_args;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i) out += "<br>";
    out += "'" + html_escape(args[i]) + "'";
  }
  return out;
}

}  // namespace

std::string overview_part(PageContext& ctx, const ViewNode& node,
                          const std::vector<std::string>& open) {
  std::string page;
  for (const auto& child : node.children) {
    if (child.kind != ViewNode::Kind::target || !has_graph(*child.target)) continue;
    const config::TargetNode& target = *child.target;
    std::optional<GraphImage> image = ctx.graphs.overview(target);
    if (!image) continue;
    page += "<div class=\"panel\">";
    if (ctx.config.presentation.htmltitle)
      page += "<div class=\"panel-heading\"><h2>" + html_escape(target.title) + "</h2></div>";
    page += "<div class=\"panel-body\">";
    if (!image->ok()) {
      ctx.problem(200, "overview graph of " + target.rel_path() + ": " + image->error);
      page += panel_error(*image);
    } else {
      std::vector<std::string> path = open;
      path.push_back(child.key);
      page += "<A HREF=\"" + html_escape(ctx.target_link(join(path, "."))) +
              "\"><IMG ALT=\"\" WIDTH=\"" + std::to_string(image->width) + "\" HEIGHT=\"" +
              std::to_string(image->height) + "\" SRC=\"" + html_escape(image->url) + "\"></A>";
    }
    page += "</div></div>\n";
  }
  return page;
}

}  // namespace smokeping::web::detail
