// GraphMaker, overview and classic detail graphs: from the config through the pure argument
// builders (graph_args*.cpp) to librrd and the image cache (graph_render.cpp). The other
// display modes are in graph_ranges.cpp.
#include "smokeping/web/graphs.hpp"

#include <unistd.h>

#include "smokeping/web/graph_args.hpp"
#include "smokeping/web/graph_time.hpp"
#include "src/web/detail/graph_pieces.hpp"
#include "src/web/detail/graph_render.hpp"
#include "src/web/detail/graph_steps.hpp"

namespace smokeping::web {

GraphMaker::GraphMaker(const config::Config& config, GraphEnv env)
    : config_(config), env_(std::move(env)) {
  if (env_.pid == 0) env_.pid = static_cast<long>(::getpid());
}

std::optional<GraphImage> GraphMaker::overview(const config::TargetNode& node) {
  std::optional<GraphCall> call = overview_call(config_, env_, node);
  if (!call) return std::nullopt;
  detail::GraphSteps steps(config_, env_);
  detail::make_cache_dirs(config_.general.imgcache, steps.parents(node));
  GraphImage image =
      steps.draw(*call, overview_image(config_, node, env_.format), true, steps.max_age(node));
  image.error_args.assign(call->args.begin() + static_cast<std::ptrdiff_t>(call->lines_begin),
                          call->args.begin() + static_cast<std::ptrdiff_t>(call->lines_end));
  return image;
}

namespace {

std::vector<DetailPanel> multihost_detail(const config::Config& config, const GraphEnv& env,
                                          const config::TargetNode& node) {
  std::vector<DetailPanel> panels;
  detail::GraphSteps steps(config, env);
  detail::make_cache_dirs(config.general.imgcache, steps.parents(node));
  const std::vector<std::string> paths = multihost_paths(node);
  std::map<std::string, Upper> uppers;
  for (const auto& path : paths)
    keep_larger_uppers(uppers, steps.classic_uppers(multihost_rrd(config, path)));
  for (const auto& span : config.presentation.detail.spans) {
    const std::string seconds = exp2seconds(span.span);
    const ImagePlace place = classic_image(config, node, "", seconds, env.format);
    MultiRequest r;
    r.mode = DetailMode::classic;
    r.file = place.file;
    r.start = "-" + seconds;
    r.desc = span.label;
    r.upper = uppers[seconds];
    r.date = env.now;
    for (const auto& path : paths) {
      const std::string rrd = multihost_rrd(config, path);
      if (::access(rrd.c_str(), R_OK) == 0) {
        r.sds.emplace_back(steps.sd(rrd, r.start, env.now));
      } else {
        r.sds.emplace_back();  // left out of the graph, as the original does
      }
    }
    DetailPanel panel{span.label, "", "", seconds, steps.ago_text(seconds), {}};
    panel.image =
        steps.draw(multi_detail_call(config, env, node, r), place, true, steps.max_age(node));
    const bool failed = !panel.image.ok();
    panels.push_back(std::move(panel));
    if (failed) break;
  }
  return panels;
}

}  // namespace

std::vector<DetailPanel> GraphMaker::detail(const config::TargetNode& node) {
  if (node.kind == config::TargetNode::Kind::multihost) {
    return node.probe ? multihost_detail(config_, env_, node) : std::vector<DetailPanel>{};
  }
  std::vector<DetailPanel> panels;
  if (!node.has_host() || !node.probe) return panels;
  std::vector<std::string> slaves;
  if (!node.nomasterpoll) slaves.emplace_back();
  slaves.insert(slaves.end(), node.slaves.begin(), node.slaves.end());
  if (slaves.empty()) return panels;

  detail::GraphSteps steps(config_, env_);
  detail::make_cache_dirs(config_.general.imgcache, steps.parents(node));
  // Every file's pre-pass first, then the graphs period by period, as the original.
  std::map<std::string, std::map<std::string, Upper>> uppers;
  for (const auto& s : slaves) uppers[s] = steps.classic_uppers(node_rrd(config_, node, s));
  const bool adr = steps.has_adr(node, node.name);
  for (const auto& span : config_.presentation.detail.spans) {
    const std::string seconds = exp2seconds(span.span);
    for (const auto& s : slaves) {
      const ImagePlace place = classic_image(config_, node, s, seconds, env_.format);
      DetailRequest r;
      r.mode = DetailMode::classic;
      r.slave = s;
      r.file = place.file;
      r.start = "-" + seconds;
      r.desc = span.label;
      r.upper = uppers[s][seconds];
      r.sd = steps.sd(node_rrd(config_, node, s), r.start, env_.now);
      r.has_adr = adr;
      r.date = env_.now;
      DetailPanel panel;
      panel.desc = span.label;
      panel.who = s.empty() ? detail::master_name(config_, env_) : detail::slave_name(config_, s);
      panel.slave = s;
      panel.seconds = seconds;
      panel.start_text = steps.ago_text(seconds);
      panel.image =
          steps.draw(detail_call(config_, env_, node, r), place, true, steps.max_age(node));
      const bool failed = !panel.image.ok();
      panels.push_back(std::move(panel));
      if (failed) return panels;
    }
  }
  return panels;
}

}  // namespace smokeping::web
