// libFuzzer target for the slave's reading of a master's config (master-slave.md §4.6): any
// bytes either fail with DumperError/SlaveConfigError or give a value that survives a round
// trip through the writer. Built as a libFuzzer binary with -DSMOKEPING_FUZZ=ON (clang,
// cmake/Fuzz.cmake); seeded with the configs the original master sent (*.response-body.txt).
// ctest replays the captured exchanges through it with tests/fuzz/replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "smokeping/protocol/dumper_reader.hpp"
#include "smokeping/protocol/dumper_writer.hpp"
#include "smokeping/protocol/slave_config_receive.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smokeping::protocol;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  DumperLimits limits;
  limits.max_bytes = 1 << 20;
  limits.max_depth = 64;
  limits.max_nodes = 100000;
  PerlValue value;
  try {
    value = read_dumper(text, limits);
  } catch (const DumperError&) {
    return 0;
  }
  // What we write, we read back to the same text.
  std::string written = dumper(value);
  DumperLimits roomy = limits;
  roomy.max_bytes = written.size() + 1;
  if (dumper(read_dumper(written, roomy)) != written) std::abort();
  if (dumper(read_dumper(dumper(value, {.sort_keys = true}), roomy), {.sort_keys = true}) !=
      dumper(value, {.sort_keys = true})) {
    std::abort();
  }
  try {
    read_slave_config(value);
  } catch (const SlaveConfigError&) {
  }
  return 0;
}
