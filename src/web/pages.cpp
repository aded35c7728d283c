#include "smokeping/web/pages.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "smokeping/core/build_info.hpp"
#include "smokeping/web/charts.hpp"
#include "smokeping/web/html.hpp"
#include "smokeping/web/json_api.hpp"
#include "smokeping/web/menu.hpp"
#include "smokeping/web/modern_ui.hpp"
#include "smokeping/web/page_tree.hpp"
#include "smokeping/web/params.hpp"
#include "smokeping/web/template.hpp"
#include "src/web/detail/page_logos.hpp"
#include "src/web/detail/page_parts.hpp"
#include "src/web/detail/page_response.hpp"
#include "src/web/detail/page_slaves.hpp"

namespace smokeping::web {
namespace {

using detail::PageContext;

// What the log says the request was: "GET target=Europe.Zurich".
std::string request_text(const PageInput& input) {
  return std::string(input.request.var("REQUEST_METHOD")) + " " +
         std::string(input.request.var("QUERY_STRING"));
}

void log_line(spdlog::logger& log, int status, const std::string& message, const PageInput& input) {
  if (status >= 500) {
    log.error("{} ({})", message, request_text(input));
  } else {
    log.warn("{} ({})", message, request_text(input));
  }
}

Response refuse(const PageInput& input, spdlog::logger& log, int status, const std::string& why) {
  log_line(log, status, why, input);
  return detail::error_response(status, why);
}

void log_problems(const PageContext& ctx, spdlog::logger& log, const PageInput& input) {
  for (const auto& note : ctx.notes) log.debug("{}", note);
  for (const auto& [status, message] : ctx.problems) log_line(log, status, message, input);
}

bool reports_for(const config::TargetNode& node, const std::string& slave) {
  return std::find(node.slaves.begin(), node.slaves.end(), slave) != node.slaves.end();
}

bool has_graphs(const ViewNode* node) {
  return node && node->kind == ViewNode::Kind::target &&
         node->target->kind != config::TargetNode::Kind::group;
}

// displaymode=a: the zoom script's image, nothing else.
Response ajax_image(const PageInput& input, PageContext& ctx, const ViewNode* node,
                    spdlog::logger& log) {
  const PageParams& p = ctx.params;
  if (!has_graphs(node))
    return refuse(input, log, 404, "ERROR: target '" + p.target + "' has no graph");
  RangeGraph graph = ctx.graphs.ajax(*node->target, p.slave, p.start.value_or(""),
                                     p.end.value_or(""), p.title.value_or(""));
  if (!graph.input_error.empty()) {
    bool missing = !detail::missing_rrds(input.config, *node->target, p.slave).empty();
    return refuse(input, log, missing ? 500 : 400,
                  "RRDtool did not understand your input: " + graph.input_error + ".");
  }
  if (!graph.image.ok()) return refuse(input, log, 500, "ERROR: " + graph.image.error);
  Response response;
  response.headers = {
      {"Content-Type", graph.content_type.empty() ? "image/png" : graph.content_type},
      {"Content-Length", std::to_string(graph.bytes.size())}};
  response.body = std::move(graph.bytes);
  return response;
}

std::string menu_part(const PageInput& input, const PageContext& ctx, const ViewNode& root) {
  const PageParams& p = ctx.params;
  std::string prefix = ctx.cgiurl_part + "?";
  if (!p.hierarchy.empty()) prefix += "hierarchy=" + uri_escape(p.hierarchy) + ";";
  if (!p.filter.empty()) prefix += "filter=" + uri_escape(p.filter) + ";";
  prefix += "target=";
  return render_switcher(input.config, p) + render_menu(root, p.open, prefix, p.filter_regex.get());
}

std::map<std::string, std::string, std::less<>> fixed_parts(const PageInput& input) {
  const config::Config& config = input.config;
  const std::string dotted = core::kCompatVersion;
  const std::string counter =
      "https://oss.oetiker.ch/smokeping/counter.cgi/" + perl_version_string(dotted);
  const std::string imgurl = html_escape(config.general.imgurl);
  const long step = config.targets.probe ? config.targets.probe->step : config.database.step;
  std::string_view user = input.request.var("REMOTE_USER");
  return {
      {"owner", html_escape(config.general.owner)},
      {"contact", html_escape(config.general.contact)},
      {"author", "<A HREF=\"https://tobi.oetiker.ch/\">Tobi&nbsp;Oetiker</A> and Niko&nbsp;Tyni"},
      {"smokeping", "<A HREF=\"" + counter + "\">SmokePing-" + html_escape(dotted) + "</A>"},
      {"step", std::to_string(step)},
      {"rrdlogo", "<A HREF=\"https://oss.oetiker.ch/rrdtool/\"><img alt=\"RRDtool\" src=\"" +
                      imgurl + "/rrdtool.png\"></a>"},
      {"smokelogo", "<A HREF=\"" + counter + "\"><img alt=\"Smokeping\" src=\"" + imgurl +
                        "/smokeping.png\"></a>"},
      {"authuser", html_escape(user.empty() ? std::string_view("Guest") : user)},
  };
}

// Every page but the data APIs': the classic or modern template, filled.
Response template_page(const PageInput& input, PageGraphs& graphs, spdlog::logger& log) {
  const config::Config& config = input.config;
  ParamsResult parsed = parse_page_params(input.form, config);
  if (parsed.status != ParamStatus::ok)
    return refuse(input, log, parsed.status == ParamStatus::not_found ? 404 : 400, parsed.message);
  const PageParams& p = parsed.params;
  const UiChoice ui = choose_ui(config, input.form);
  if (!ui.error.empty()) return refuse(input, log, 400, ui.error);

  const ViewNode root =
      p.hierarchy.empty() ? targets_view(config, true) : hierarchy_view(config, p.hierarchy);
  const ViewNode* node = &root;
  if (!p.charts) {
    ViewPath found = resolve_view(root, p.open);
    if (!found.node) {
      return refuse(input, log, 404,
                    "ERROR: Section '" + found.missing + "' does not exist (display webpage).");
    }
    node = found.node;
  }
  if (!p.slave.empty() && !p.charts &&
      (!has_graphs(node) || !reports_for(*node->target, p.slave))) {
    return refuse(input, log, 404,
                  "ERROR: slave '" + p.slave + "' does not report for target '" +
                      detail::join(p.open, ".") + "'");
  }

  PageContext ctx = detail::make_context(config, input.request, p, graphs);
  if (p.mode == DisplayMode::ajax && !p.charts) {
    Response image = ajax_image(input, ctx, node, log);
    log_problems(ctx, log, input);
    return image;
  }

  std::map<std::string, std::string, std::less<>> parts = fixed_parts(input);
  const config::TargetNode* shown = node->kind == ViewNode::Kind::target ? node->target : nullptr;
  parts["menu"] = menu_part(input, ctx, root);
  if (p.charts) {
    parts["title"] = parts["remark"] = parts["body"] = parts["target_ip"] = "";
    parts["overview"] = detail::charts_part(ctx, load_sorter_cache(config, input.now));
  } else {
    parts["title"] = shown ? html_escape(shown->title) : "";
    parts["remark"] = shown ? html_escape(shown->remark) : "";
    parts["target_ip"] = shown ? html_escape(shown->host) : "";
    parts["body"] = ui.view == View::target ? detail::detail_part(ctx, *node, p.open) : "";
    parts["overview"] =
        ui.view == View::slave_status ? "" : detail::overview_part(ctx, *node, p.open);
    detail::add_view_parts(ctx, ui.view, *node, p.open, input.now, parts);  // modern_ui.hpp
  }
  parts.merge(modern_parts(shown, ctx.target_link(detail::join(p.open, ".")), ui));

  if (!detail::write_logos(config.general.imgcache))
    log.warn("cannot write the logos into {}", config.general.imgcache);
  std::optional<std::string> page_template = read_template(ui.template_path);
  log_problems(ctx, log, input);
  if (!page_template) {
    return refuse(input, log, 500, "ERROR: Reading page template " + ui.template_path);
  }
  return detail::page_response(config, input.now, ctx.status, fill_template(*page_template, parts));
}

}  // namespace

std::string perl_version_string(std::string_view dotted) {
  int major = 0, minor = 0, patch = 0;
  std::sscanf(std::string(dotted).c_str(), "%d.%d.%d", &major, &minor, &patch);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d.%03d%03d", major, minor, patch);
  return buf;
}

Response serve_page(const PageInput& input, PageGraphs& graphs, spdlog::logger& log) {
  // ?metrics, ?slavestatus, ?format=json (json_api.hpp) before the pages' own parameters.
  if (std::optional<Response> api = serve_api(input, log)) return std::move(*api);
  if (is_slave_status_page(input)) {
    // The same page as view=slavestatus, so every placeholder of the template is filled.
    const protocol::FormFields as_view{{{"view", "slavestatus"}}};
    return template_page(PageInput{input.config, input.request, as_view, input.now}, graphs, log);
  }
  return template_page(input, graphs, log);
}

}  // namespace smokeping::web
