#include "src/daemon/detail/load_or_report.hpp"

namespace smokeping::daemon::detail {

std::shared_ptr<const config::Config> load_or_report(const std::string& path, std::ostream& err,
                                                     const config::LoadOptions& load) {
  try {
    return config::load_config(path, load);
  } catch (const config::ConfigError& e) {
    err << "ERROR: " << e.located() << "\n";
    return nullptr;
  }
}

}  // namespace smokeping::daemon::detail
