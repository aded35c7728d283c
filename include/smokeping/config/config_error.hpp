// The one error type of the config module: a message and where it applies.
#pragma once

#include <stdexcept>
#include <string>

#include "smokeping/core/source_loc.hpp"

namespace smokeping::config {

class ConfigError : public std::runtime_error {
 public:
  // `message` is the original SmokePing's wording (without the "FILE, line N: " prefix).
  ConfigError(core::SourceLoc loc, std::string message);
  // For items missing from a section: `section` is its path, e.g. "Targets/Local/Host".
  ConfigError(core::SourceLoc loc, std::string section, std::string message);

  const core::SourceLoc& loc() const { return loc_; }
  const std::string& message() const { return message_; }
  const std::string& section() const { return section_; }

  // "FILE, line N: MESSAGE" (or "FILE, line N (SECTION): MESSAGE"), the form the original
  // prints after "ERROR: ", with the line added where the original has none.
  std::string located() const;

 private:
  core::SourceLoc loc_;
  std::string section_;
  std::string message_;
};

}  // namespace smokeping::config
