#include <filesystem>

#include "src/web/detail/page_parts.hpp"

namespace smokeping::web::detail {

void PageContext::problem(int new_status, std::string message) {
  if (new_status > status) status = new_status;
  problems.emplace_back(new_status, std::move(message));
}

std::string PageContext::target_link(std::string_view dotted) const {
  if (static_files) return std::string(dotted) + ".html";
  return cgiurl_part + "?" + hierarchy_arg + "target=" + std::string(dotted);
}

PageContext make_context(const config::Config& config, const Request& request,
                         const PageParams& params, PageGraphs& graphs) {
  PageContext ctx{config, request, params, graphs, {}, {}, false, 200, {}, {}};
  const std::string& style = config.general.linkstyle;
  if (style == "absolute") {
    ctx.cgiurl_part = config.general.cgiurl;
  } else if (style == "original") {
    ctx.cgiurl_part = std::string(request.var("SCRIPT_NAME"));
  }
  if (!params.hierarchy.empty()) ctx.hierarchy_arg = "hierarchy=" + params.hierarchy + ";";
  return ctx;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::vector<std::string> missing_rrds(const config::Config& config, const config::TargetNode& node,
                                      std::string_view slave) {
  std::vector<std::string> files;
  const std::string& datadir = config.general.datadir;
  if (node.kind == config::TargetNode::Kind::multihost) {
    std::string host;
    for (char c : node.host + " ") {
      if (c != ' ' && c != '\t') {
        host.push_back(c);
      } else if (!host.empty()) {
        files.push_back(datadir + host + ".rrd");
        host.clear();
      }
    }
  } else {
    std::string suffix = slave.empty() ? "" : "~" + std::string(slave);
    files.push_back(datadir + "/" + node.rel_path() + suffix + ".rrd");
  }
  std::vector<std::string> missing;
  for (const auto& file : files) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) missing.push_back(file);
  }
  return missing;
}

}  // namespace smokeping::web::detail
