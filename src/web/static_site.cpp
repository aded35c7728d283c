#include "smokeping/web/static_site.hpp"

#include <map>

#include "smokeping/core/build_info.hpp"
#include "smokeping/web/html.hpp"
#include "smokeping/web/menu.hpp"
#include "smokeping/web/page_tree.hpp"
#include "smokeping/web/pages.hpp"
#include "smokeping/web/params.hpp"
#include "smokeping/web/template.hpp"
#include "src/web/detail/page_logos.hpp"
#include "src/web/detail/page_parts.hpp"

namespace smokeping::web {
namespace {

using Parts = std::map<std::string, std::string, std::less<>>;

// The placeholders every page shares. The original's offline pages keep the http:// links
// its CGI pages of that time had.
Parts shared_parts(const StaticSiteInput& input) {
  const config::General& general = input.config.general;
  const std::string dotted = core::kCompatVersion;
  const std::string counter =
      "http://oss.oetiker.ch/smokeping/counter.cgi/" + perl_version_string(dotted);
  const std::string imgurl = html_escape(general.imgurl);
  return {
      {"owner", html_escape(general.owner)},
      {"contact", html_escape(general.contact)},
      {"author", "<A HREF=\"http://tobi.oetiker.ch/\">Tobi&nbsp;Oetiker</A> and Niko&nbsp;Tyni"},
      {"smokeping", "<A HREF=\"" + counter + "\">SmokePing-" + html_escape(dotted) + "</A>"},
      {"rrdlogo", "<A HREF=\"http://oss.oetiker.ch/rrdtool/\"><img alt=\"RRDtool\" src=\"" +
                      imgurl + "/rrdtool.png\"></a>"},
      {"smokelogo", "<A HREF=\"" + counter + "\"><img alt=\"Smokeping\" src=\"" + imgurl +
                        "/smokeping.png\"></a>"},
      {"authuser", html_escape(input.authuser)},
  };
}

class SiteWriter {
 public:
  SiteWriter(const StaticSiteInput& input, PageGraphs& graphs,
             const std::function<void(const StaticPage&)>& emit)
      : input_(input),
        ctx_(detail::make_context(input.config, request_, params_, graphs)),
        root_(targets_view(input.config, false)),
        shared_(shared_parts(input)),
        emit_(emit) {
    ctx_.static_files = true;
  }

  void write_all() { write(root_, {}); }

  std::vector<std::string> problems() const {
    std::vector<std::string> out;
    for (const auto& [status, message] : ctx_.problems) out.push_back(message);
    return out;
  }

 private:
  void write(const ViewNode& node, const std::vector<std::string>& path) {
    const config::TargetNode& target = *node.target;
    Parts parts = shared_;
    parts["menu"] = render_menu(root_, path, "", nullptr, ".html");
    parts["title"] = html_escape(target.title);
    parts["remark"] = html_escape(target.remark);
    parts["target_ip"] = html_escape(target.host);
    parts["overview"] = detail::overview_part(ctx_, node, path);
    parts["body"] = detail::detail_part(ctx_, node, path);
    // The step of the node's own probe, where the CGI shows the root's.
    const long step = target.probe ? target.probe->step : input_.config.database.step;
    parts["step"] = std::to_string(step);
    emit_(StaticPage{path, static_page_name(path), fill_template(input_.template_text, parts)});

    for (const auto& child : node.children) {
      if (child.kind != ViewNode::Kind::target) continue;
      std::vector<std::string> below = path;
      below.push_back(child.key);
      write(child, below);
    }
  }

  const StaticSiteInput& input_;
  Request request_;    // empty: the pages answer no request
  PageParams params_;  // the defaults: classic display, no slave, no hierarchy
  detail::PageContext ctx_;
  const ViewNode root_;
  const Parts shared_;
  const std::function<void(const StaticPage&)>& emit_;
};

}  // namespace

std::string static_page_name(const std::vector<std::string>& path) {
  if (path.empty()) return "index.html";
  return detail::join(path, ".") + ".html";
}

std::optional<std::string> static_site_conflict(const config::Config& config) {
  for (const auto& child : config.targets.children) {
    if (static_page_name({child.name}) == static_page_name({})) {
      return "target '" + child.name + "' (" + child.loc.file_name() + ", line " +
             std::to_string(child.loc.line) + ") would be written to " + static_page_name({}) +
             ", the file of the top page; rename it for --static-pages";
    }
  }
  return std::nullopt;
}

std::vector<std::string> render_static_site(const StaticSiteInput& input, PageGraphs& graphs,
                                            const std::function<void(const StaticPage&)>& emit) {
  std::vector<std::string> problems;
  if (!detail::write_logos(input.config.general.imgcache))
    problems.push_back("cannot write the logos into " + input.config.general.imgcache);
  SiteWriter writer(input, graphs, emit);
  writer.write_all();
  for (auto& problem : writer.problems()) problems.push_back(std::move(problem));
  return problems;
}

}  // namespace smokeping::web
