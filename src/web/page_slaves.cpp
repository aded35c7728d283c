#include "src/web/detail/page_slaves.hpp"

#include <filesystem>

#include "smokeping/web/graph_args.hpp"
#include "smokeping/web/graph_time.hpp"
#include "smokeping/web/html.hpp"
#include "smokeping/web/modern_ui.hpp"

namespace smokeping::web::detail {
namespace {

// The periods to choose from: Presentation/detail's, each as "-<seconds>" for rrdtool.
std::string period_links(const PageContext& ctx, const std::string& base) {
  std::string links = "<nav class=\"periods\">";
  for (const auto& span : ctx.config.presentation.detail.spans) {
    const std::string href = base + ";start=-" + exp2seconds(span.span) + ";end=now";
    links += "<a href=\"" + html_escape(href) + "\">" + html_escape(span.label) + "</a> ";
  }
  return links + "</nav>";
}

std::string source_name(const config::Config& config, const std::string& slave) {
  if (slave.empty())
    return config.general.display_name.empty() ? "master" : config.general.display_name;
  const config::Slave* s = config.slaves ? config.slaves->find(slave) : nullptr;
  return s && !s->display_name.empty() ? s->display_name : slave;
}

// The graph's legend again in HTML (rrdtool's SVG draws its text as glyph outlines): one entry
// per line drawn, in the colour the multihost graph gives it. Files that cannot be read are
// left out of the graph and take no colour, as in multi_detail_call.
std::string html_legend(const config::Config& config, const config::TargetNode& node) {
  std::vector<std::string> colors = config.presentation.multihost_colors;
  std::size_t next = 0;
  std::string legend = "<ul class=\"legend\">";
  for (const auto& path : multihost_paths(node)) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(multihost_rrd(config, path), ec)) continue;
    const std::string color = colors.empty() ? "" : colors[next++ % colors.size()];
    const std::string name = source_name(config, multihost_target(config, path).slave);
    legend += "<li data-color=\"" + html_escape(color) +
              "\"><span class=\"swatch\" style=\"background:#" + html_escape(color.substr(0, 6)) +
              "\"></span>" + html_escape(name) + "</li>";
  }
  return legend + "</ul>";
}

}  // namespace

std::string slaves_view_part(PageContext& ctx, const ViewNode& view,
                             const std::vector<std::string>& open) {
  const config::TargetNode* target = view.kind == ViewNode::Kind::target ? view.target : nullptr;
  std::optional<config::TargetNode> node = target ? slaves_node(*target) : std::nullopt;
  if (!node) {
    ctx.problem(404, "no slaves to combine for " + join(open, "."));
    return "<div class=\"error\">This target has no slaves to show together.</div>";
  }
  const PageParams& p = ctx.params;
  RangeGraph graph =
      ctx.graphs.navigator(*node, "", p.start.value_or("-10800"), p.end.value_or("now"), "");
  std::string page = "<div class=\"panel slaves-view\"><div class=\"panel-heading\"><h2>" +
                     html_escape(target->menu) + " as seen from the master and every slave" +
                     "</h2></div><div class=\"panel-body\">";
  if (!graph.input_error.empty()) {
    ctx.problem(400, "time range not understood: " + graph.input_error);
    return page + "<div>RRDtool did not understand your input: " + html_escape(graph.input_error) +
           ".</div></div></div>\n";
  }
  if (!graph.image.ok()) {
    ctx.problem(500, "combined slave graph of " + target->rel_path() + ": " + graph.image.error);
    return page + "<div>ERROR: " + html_escape(graph.image.error) + "</div></div></div>\n";
  }
  page += "<img class=\"graph\" id=\"slaves-graph\" alt=\"\" width=\"" +
          std::to_string(graph.image.width) + "\" height=\"" + std::to_string(graph.image.height) +
          "\" src=\"" + html_escape(graph.image.url) + "\">";
  page += html_legend(ctx.config, *node);
  page += period_links(ctx, ctx.target_link(join(open, ".")) + ";view=slaves");
  return page + "</div></div>\n";
}

}  // namespace smokeping::web::detail
