// Reading the steering repo's shared/ material (spec, captures) from tests.
#pragma once

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace smokeping::test {

// The whole file, or nullopt when it cannot be read (tests then skip).
inline std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// ../shared beside the source tree, or the parent of SMOKEPING_SPEC_DIR when that is set.
inline std::string shared_dir() {
  if (const char* spec = std::getenv("SMOKEPING_SPEC_DIR")) return std::string(spec) + "/..";
  return std::string(SMOKEPING_SOURCE_DIR) + "/../shared";
}

}  // namespace smokeping::test
