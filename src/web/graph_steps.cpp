#include "src/web/detail/graph_steps.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

#include "smokeping/store/rrd_graph.hpp"
#include "smokeping/web/graph_time.hpp"
#include "src/web/detail/graph_pieces.hpp"
#include "src/web/detail/graph_render.hpp"

namespace smokeping::web::detail {

void GraphSteps::warn(std::string_view what, const std::string& subject,
                      const std::string& error) const {
  if (env_.log) env_.log->warn("graph {} failed file={} err={}", what, subject, error);
}

double GraphSteps::sd(const std::string& rrd, const std::string& start, std::int64_t end) const {
  store::ColumnFetch fetch =
      store::fetch_column(rrd, "AVERAGE", start, std::to_string(end), "median");
  if (!fetch.error.empty()) {
    warn("fetch", rrd, fetch.error);
    return 0;
  }
  return store::stddev_of(fetch.values).value_or(0);
}

std::map<std::string, Upper> GraphSteps::classic_uppers(const std::string& rrd) const {
  std::vector<std::string> printed;
  for (const auto& span : config_.presentation.detail.spans) {
    Printed out = run_pre_pass(findmax_call(config_, rrd, span));
    if (!out.error.empty()) warn("pre-pass", rrd, out.error);
    printed.push_back(out.values.empty() ? std::string() : out.values.front());
  }
  return findmax_uppers(config_, printed);
}

GraphImage GraphSteps::draw(const GraphCall& call, const ImagePlace& place, bool cached,
                            std::int64_t max_age) const {
  Rendered r = cached ? render_cached(call, env_.now, max_age) : render_always(call);
  if (!r.error.empty()) warn("draw", place.file, r.error);
  GraphImage image;
  image.file = place.file;
  image.url = place.url;
  image.width = r.width;
  image.height = r.height;
  image.error = r.error;
  image.args = call.args;
  image.error_args = call.args;
  image.drawn = r.drawn;
  return image;
}

bool GraphSteps::has_adr(const config::TargetNode& node, std::string_view file_name) const {
  const std::string& dyndir =
      config_.general.dyndir.empty() ? config_.general.datadir : config_.general.dyndir;
  const std::string path = fmt::format("{}/{}/{}.adr", dyndir, parent_dirs(node, '/'), file_name);
  return ::access(path.c_str(), F_OK) == 0;
}

std::int64_t GraphSteps::max_age(const config::TargetNode& node) const {
  return node.probe ? node.probe->step : config_.database.step;
}

std::string GraphSteps::navigator_prefix() const { return fmt::format("{}{}", env_.now, env_.pid); }

std::vector<std::string> GraphSteps::parents(const config::TargetNode& node) {
  if (node.path.empty()) return {};
  return {node.path.begin(), node.path.end() - 1};
}

std::string GraphSteps::ago_text(const std::string& seconds) const {
  const bool number = !seconds.empty() && std::all_of(seconds.begin(), seconds.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
  if (!number) return seconds;
  return minute_text(env_.now - static_cast<std::int64_t>(std::stod(seconds)));
}

}  // namespace smokeping::web::detail
