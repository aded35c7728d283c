#include "smokeping/config/config_error.hpp"

#include <fmt/format.h>

namespace smokeping::config {

namespace {
std::string locate(const core::SourceLoc& loc, const std::string& section,
                   const std::string& message) {
  std::string where = loc.file_name();
  if (loc.line > 0) where += fmt::format(", line {}", loc.line);
  if (!section.empty()) where += fmt::format(" ({})", section);
  return fmt::format("{}: {}", where, message);
}
}  // namespace

ConfigError::ConfigError(core::SourceLoc loc, std::string message)
    : ConfigError(std::move(loc), std::string(), std::move(message)) {}

ConfigError::ConfigError(core::SourceLoc loc, std::string section, std::string message)
    : std::runtime_error(locate(loc, section, message)),
      loc_(std::move(loc)),
      section_(std::move(section)),
      message_(std::move(message)) {}

std::string ConfigError::located() const { return what(); }

}  // namespace smokeping::config
