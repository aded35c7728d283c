// The detail part (web-and-rrd.md §2.7): classic (every period, master and slaves), navigator
// (one graph and the time-range form the zoom script drives, §2.12) and chart mode. Single
// and multihost nodes share the structure; where the original's multihost HTML differs, it is
// kept (panel headings, the form's field order), except the multihost links, which here carry
// the link style and the hierarchy like every other link.
#include "smokeping/web/html.hpp"
#include "src/web/detail/page_parts.hpp"

namespace smokeping::web::detail {
namespace {

using Kind = config::TargetNode::Kind;

std::string heading(const PageContext& ctx, const std::string& text) {
  if (!ctx.config.presentation.htmltitle) return "";
  return "<div class=\"panel-heading\"><h2>" + html_escape(text) + "</h2></div>";
}

// What the original prints when a graph fails: the message, then every argument.
std::string graph_error(const GraphImage& image) {
  std::string out = "<div>ERROR: " + html_escape(image.error) + "</div><div>";
  for (std::size_t i = 0; i < image.args.size(); ++i) {
    if (i) out += "<br/>";
    out += html_escape(image.args[i]);
  }
  return out + "</div>";
}

std::string blanks_as_uri(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      out += "%20";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string input_error(PageContext& ctx, const config::TargetNode& node, const RangeGraph& graph) {
  std::vector<std::string> missing = missing_rrds(ctx.config, node, ctx.params.slave);
  if (missing.empty()) {
    ctx.problem(400, "time range not understood for " + node.rel_path() + ": " + graph.input_error);
  } else {
    ctx.problem(500, "missing RRD " + missing.front() + ": " + graph.input_error);
  }
  return "<div>RRDtool did not understand your input: " + html_escape(graph.input_error) +
         ".</div>";
}

std::string classic(PageContext& ctx, const config::TargetNode& node,
                    const std::vector<std::string>& open) {
  std::vector<DetailPanel> panels = ctx.graphs.detail(node);
  const std::string& only = ctx.params.slave;  // `target=X~S`: the slave's graphs only
  std::string page;
  for (const auto& panel : panels) {
    if (!panel.image.ok()) {
      std::vector<std::string> missing = missing_rrds(ctx.config, node, panel.slave);
      ctx.problem(500, (missing.empty() ? "detail graph of " + node.rel_path()
                                        : "missing RRD " + missing.front()) +
                           ": " + panel.image.error);
      return graph_error(panel.image);
    }
    if (!only.empty() && panel.slave != only) continue;
    const std::string suffix = panel.slave.empty() ? "" : "~" + panel.slave;
    const std::string title = node.kind == Kind::multihost || panel.who.empty()
                                  ? panel.desc
                                  : panel.desc + " from " + panel.who;
    const std::string href = ctx.static_files
                                 ? panel.image.url
                                 : ctx.cgiurl_part + "?" + ctx.hierarchy_arg +
                                       "displaymode=n;start=" + blanks_as_uri(panel.start_text) +
                                       ";end=now;target=" + join(open, ".") + suffix;
    page += "<div class=\"panel\">" + heading(ctx, title) + "<div class=\"panel-body\"><a href=\"" +
            html_escape(href) + "\"><IMG ALT=\"\" SRC=\"" + html_escape(panel.image.url) +
            "\"></a></div></div>\n";
  }
  return page;
}

std::string hidden(std::string_view name, const std::string& value, bool with_id) {
  std::string out = "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" +
                    html_escape(value) + "\"";
  return out + (with_id ? " id=\"" + std::string(name) + "\" />" : "  />");
}

std::string text_field(std::string_view name, const std::string& value) {
  return "<input type=\"text\" name=\"" + std::string(name) + "\" value=\"" + html_escape(value) +
         "\" />";
}

// CGI.pm's default form action: the URL of this request.
std::string form_action(const Request& request) {
  std::string_view uri = request.var("REQUEST_URI");
  if (!uri.empty()) return std::string(uri);
  std::string action(request.var("SCRIPT_NAME"));
  std::string_view query = request.var("QUERY_STRING");
  if (!query.empty()) action += "?" + std::string(query);
  return action;
}

std::string navigator(PageContext& ctx, const config::TargetNode& node) {
  const PageParams& p = ctx.params;
  RangeGraph graph = ctx.graphs.navigator(node, p.slave, p.start.value_or(""), p.end.value_or(""),
                                          p.title.value_or(""));
  if (!graph.input_error.empty()) return input_error(ctx, node, graph);
  if (!graph.image.ok()) {
    ctx.problem(500, "navigator graph of " + node.rel_path() + ": " + graph.image.error);
    return graph_error(graph.image);
  }
  const bool multi = node.kind == Kind::multihost;
  const std::string size = "width=\"" + std::to_string(graph.image.width) + "\" height=\"" +
                           std::to_string(graph.image.height) + "\"";
  std::string page = "<div class=\"panel\">" + heading(ctx, graph.desc) +
                     "<div class=\"panel-body\">" +
                     (multi ? "<IMG id=\"zoom\" alt=\"\" " : "<IMG alt=\"\" id=\"zoom\" ") + size +
                     " SRC=\"" + html_escape(graph.image.url) + "\">";
  const std::string start = p.start.value_or(graph.start_text);
  const std::string end = p.end.value_or(graph.end_text);
  const std::string hierarchy = p.hierarchy_field.value_or("");
  const std::string range =
      text_field("start", start) + "&nbsp;&nbsp;to&nbsp;&nbsp;" + text_field("end", end);
  page += std::string("<form method=\"") + (multi ? "get" : "post") + "\" action=\"" +
          html_escape(form_action(ctx.request)) +
          "\" enctype=\"multipart/form-data\" id=\"range_form\"><p>Time range: ";
  if (multi) {
    page += range + hidden("epoch_start", graph.epoch_start, true) +
            hidden("epoch_end", graph.epoch_end, true) + hidden("target", p.target, true) +
            hidden("hierarchy", hierarchy, true) + hidden("displaymode", "n", false);
  } else {
    page += hidden("epoch_start", graph.epoch_start, true) + hidden("hierarchy", hierarchy, true) +
            hidden("epoch_end", graph.epoch_end, true) + hidden("target", p.target, true) +
            hidden("displaymode", "n", false) + range;
  }
  page +=
      "&nbsp;<input type=\"submit\" name=\"Generate!\" value=\"Generate!\" /></p></form>"
      "</div></div>\n";
  return page;
}

}  // namespace

std::string chart_mode_part(PageContext& ctx, const config::TargetNode& node,
                            const std::vector<std::string>& open) {
  RangeGraph graph = ctx.graphs.chart(node);
  if (!graph.input_error.empty()) return input_error(ctx, node, graph);
  if (!graph.image.ok()) {
    ctx.problem(500, "chart graph of " + node.rel_path() + ": " + graph.image.error);
    return graph_error(graph.image);
  }
  const std::string body =
      "<div class=\"panel-body\"><a href=\"" + html_escape(ctx.target_link(join(open, "."))) +
      "\"><IMG ALT=\"\" SRC=\"" + html_escape(graph.image.url) + "\"></a></div>";
  if (node.kind != Kind::multihost) return body;
  return "<div class=\"panel\">" + heading(ctx, graph.desc) + body + "</div>\n";
}

std::string detail_part(PageContext& ctx, const ViewNode& node,
                        const std::vector<std::string>& open) {
  if (!ctx.params.mode) {
    ctx.problem(400, "unknown displaymode " + ctx.params.mode_text);
    return "<div>ERROR: unknown displaymode " + html_escape(ctx.params.mode_text) + "</div>";
  }
  if (node.kind != ViewNode::Kind::target || node.target->kind == Kind::group) return "";
  const config::TargetNode& target = *node.target;
  switch (*ctx.params.mode) {
    case DisplayMode::classic:
      return classic(ctx, target, open);
    case DisplayMode::navigator:
      return navigator(ctx, target);
    case DisplayMode::chart:
      return chart_mode_part(ctx, target, open);
    case DisplayMode::ajax:
      break;
  }
  return "";
}

}  // namespace smokeping::web::detail
