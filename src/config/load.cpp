#include "smokeping/config/load.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "src/config/detail/build_model.hpp"

namespace smokeping::config {

std::shared_ptr<const Config> load_config(const std::string& path, const LoadOptions& options) {
  auto config = std::make_shared<Config>();
  config->file = path;
  config->raw = parse_file(path, options.env, &config->files);
  detail::build_model(*config);
  if (options.load_checks) detail::run_load_checks(*config);
  return config;
}

namespace {

// What a round needs from the model; the grammar guarantees it for a file, a tree from
// elsewhere has to be checked.
void check_runnable(const Config& config) {
  for (const ProbeInstance& probe : config.probes) {
    if (probe.step < 1 || probe.pings < 1) {
      throw ConfigError(
          core::SourceLoc{std::make_shared<const std::string>(config.file), 0},
          "Probes/" + probe.name,
          fmt::format("step ({}) and pings ({}) must be at least 1", probe.step, probe.pings));
    }
  }
  config.for_each_host([&](const TargetNode& node) {
    if (!node.probe) {
      throw ConfigError(node.loc, "Targets/" + node.rel_path(), "target without a probe");
    }
    if (node.pings < 1) {
      throw ConfigError(node.loc, "Targets/" + node.rel_path(),
                        fmt::format("pings ({}) must be at least 1", node.pings));
    }
  });
}

}  // namespace

std::shared_ptr<const Config> build_config(std::shared_ptr<RawSection> raw,
                                           const std::string& origin, const LoadOptions& options) {
  if (!raw) throw std::invalid_argument("build_config: no tree");
  auto config = std::make_shared<Config>();
  config->file = origin;
  config->raw = std::move(raw);
  detail::build_model(*config);
  check_runnable(*config);
  if (options.load_checks) detail::run_load_checks(*config);
  return config;
}

}  // namespace smokeping::config
