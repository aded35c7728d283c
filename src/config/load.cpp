#include "smokeping/config/load.hpp"

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

}  // namespace smokeping::config
