// Fuzz target for the config language: the bytes are a config file, parsed and built into the
// model with the load-time checks, as `smokeping --check` does. Any bytes must give a Config
// or a ConfigError; any other exception or a crash is a finding.
//
// The checks that look at the machine (paths, executables, templates) are off, and `@include`
// is disabled (each "@include" is changed to "@incluae" before parsing) so that an input
// cannot make the parser read files outside its temp dir; includes have unit tests.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "smokeping/config/config_error.hpp"
#include "smokeping/config/load.hpp"

namespace {

// A private directory for the config file, removed at exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string pattern = base + "/smokeping-config-fuzz.XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    dir_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string file(const char* name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

std::string without_includes(std::string_view text) {
  std::string out(text);
  for (std::size_t at = out.find("@include"); at != std::string::npos;
       at = out.find("@include", at + 1)) {
    out[at + 6] = 'a';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ScratchDir scratch;
  static const std::string path = scratch.file("config");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    std::string text = without_includes({reinterpret_cast<const char*>(data), size});
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) std::abort();
  }
  smokeping::config::LoadOptions options;
  options.env.check_paths = false;
  options.load_checks = true;
  try {
    auto config = smokeping::config::load_config(path, options);
    if (!config || config->file != path) std::abort();
  } catch (const smokeping::config::ConfigError&) {
  }
  return 0;
}
