// GraphMaker's one-graph modes (web-and-rrd.md §2.7, §3.3, §3.4, §3.6): navigator (n), the
// JavaScript zoom's image (a) and the Charts pages' graph (c).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <random>

#include "smokeping/web/graph_args.hpp"
#include "smokeping/web/graph_time.hpp"
#include "smokeping/web/graphs.hpp"
#include "src/web/detail/graph_pieces.hpp"
#include "src/web/detail/graph_render.hpp"
#include "src/web/detail/graph_steps.hpp"

namespace smokeping::web {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string form_text(const std::string& value) {
  return all_digits(value) ? minute_text(std::stoll(value)) : value;
}

// The ajax answer's name: the original picks a random serial below 2000.
std::string ajax_serial() {
  static thread_local std::mt19937 random{std::random_device{}()};
  return std::to_string(std::uniform_int_distribution<int>(0, 1999)(random));
}

class RangeMaker {
 public:
  RangeMaker(const config::Config& config, const GraphEnv& env)
      : config_(config), env_(env), steps_(config, env) {}

  RangeGraph make(DetailMode mode, const config::TargetNode& node, std::string_view slave,
                  std::string_view start, std::string_view end, std::string_view title) {
    const bool multihost = node.kind == config::TargetNode::Kind::multihost;
    RangeGraph graph;
    const std::string cache_dir = mode == DetailMode::chart ? "__chartscache" : "__navcache";
    detail::make_cache_dirs(config_.general.imgcache, {cache_dir});
    detail::remove_stale_images(config_.general.imgcache + "/" + cache_dir,
                                detail::image_extension(env_.format), env_.now);
    const RangeSpec range = resolve_range(mode, start, end, env_.now, multihost);
    if (mode != DetailMode::chart) {
      graph.epoch_start = range.findmax_start;
      graph.epoch_end = multihost ? std::to_string(env_.now) : range.findmax_end;
      graph.start_text = form_text(range.start);
      graph.end_text = form_text(range.end);
    }
    graph.desc = range_desc(config_, mode, node, slave, title);

    const ImagePlace place = image_place(mode, node, range, multihost);
    GraphCall call;
    if (multihost) {
      std::optional<MultiRequest> r = multihost_request(node, range, graph);
      if (!r) return graph;
      r->file = place.file;
      call = multi_detail_call(config_, env_, node, *r);
    } else {
      std::optional<DetailRequest> r =
          single_request(node, mode == DetailMode::chart ? "" : slave, range, graph);
      if (!r) return graph;
      r->file = place.file;
      call = detail_call(config_, env_, node, *r);
    }

    if (mode == DetailMode::ajax) {
      detail::InMemory image = detail::render_in_memory(call);
      if (!image.error.empty()) steps_.warn("draw", place.file, image.error);
      graph.image = GraphImage{place.file,  place.url, image.width, image.height,
                               image.error, call.args, call.args,   image.error.empty()};
      graph.bytes = std::move(image.bytes);
      graph.content_type = env_.format == ImageFormat::svg ? "image/svg+xml" : "image/png";
      return graph;
    }
    graph.image = steps_.draw(call, place, mode == DetailMode::chart, steps_.max_age(node));
    return graph;
  }

 private:
  ImagePlace image_place(DetailMode mode, const config::TargetNode& node, const RangeSpec& range,
                         bool multihost) const {
    if (mode == DetailMode::navigator)
      return navigator_image(config_, steps_.navigator_prefix(), range.end, range.start,
                             env_.format);
    if (mode == DetailMode::ajax)
      return navigator_image(config_, ajax_serial(), range.end, range.start, env_.format);
    if (!multihost) return chart_image(config_, node, env_.format);
    // The multihost chart is named by its epochs, not "_last_3600".
    const std::string rel =
        fmt::format("/__chartscache/{}.{}_{}_{}.{}", detail::parent_dirs(node, '.'), node.name,
                    range.end, range.findmax_start, detail::image_extension(env_.format));
    return {config_.general.imgcache + rel, config_.general.imgurl + rel};
  }

  std::optional<DetailRequest> single_request(const config::TargetNode& node,
                                              std::string_view slave, const RangeSpec& range,
                                              RangeGraph& graph) const {
    const std::string rrd = node_rrd(config_, node, slave);
    detail::Printed max =
        detail::run_pre_pass(range_findmax_call(rrd, range.findmax_start, range.findmax_end));
    if (!max.error.empty()) {
      steps_.warn("pre-pass", rrd, max.error);
      graph.input_error = max.error;
      return std::nullopt;
    }
    DetailRequest r;
    r.mode = range.mode;
    r.slave = std::string(slave);
    r.start = range.start;
    r.end = range.end == "last" ? "" : range.end;
    r.desc = graph.desc;
    r.upper = range_upper(max.values.empty() ? "" : max.values.front());
    r.sd = steps_.sd(rrd, range.start, range.date);
    r.has_adr =
        steps_.has_adr(node, slave.empty() ? node.name : node.name + "~" + std::string(slave));
    r.date = range.date;
    return r;
  }

  std::optional<MultiRequest> multihost_request(const config::TargetNode& node,
                                                const RangeSpec& range, RangeGraph& graph) const {
    std::vector<std::string> printed;
    const std::vector<std::string> paths = multihost_paths(node);
    for (const auto& path : paths) {
      const std::string rrd = multihost_rrd(config_, path);
      detail::Printed max =
          detail::run_pre_pass(range_findmax_call(rrd, range.findmax_start, range.findmax_end));
      if (!max.error.empty()) {
        steps_.warn("pre-pass", rrd, max.error);
        graph.input_error = max.error;
        return std::nullopt;
      }
      printed.push_back(max.values.empty() ? std::string() : max.values.front());
    }
    MultiRequest r;
    r.mode = range.mode;
    r.start = range.start;
    r.end = range.end == "last" ? "" : range.end;
    r.desc = graph.desc;
    r.upper = multi_range_upper(printed);
    r.date = range.date;
    for (const auto& path : paths) {
      const std::string rrd = multihost_rrd(config_, path);
      if (::access(rrd.c_str(), R_OK) == 0) {
        r.sds.emplace_back(steps_.sd(rrd, range.start, range.date));
      } else {
        r.sds.emplace_back();
      }
    }
    return r;
  }

  const config::Config& config_;
  const GraphEnv& env_;
  detail::GraphSteps steps_;
};

}  // namespace

RangeGraph GraphMaker::navigator(const config::TargetNode& node, std::string_view slave,
                                 std::string_view start, std::string_view end,
                                 std::string_view title) {
  return RangeMaker(config_, env_).make(DetailMode::navigator, node, slave, start, end, title);
}

RangeGraph GraphMaker::ajax(const config::TargetNode& node, std::string_view slave,
                            std::string_view start, std::string_view end, std::string_view title) {
  return RangeMaker(config_, env_).make(DetailMode::ajax, node, slave, start, end, title);
}

RangeGraph GraphMaker::chart(const config::TargetNode& node) {
  return RangeMaker(config_, env_).make(DetailMode::chart, node, "", "", "", "");
}

}  // namespace smokeping::web
