// Reads an existing file back into create arguments and compares them with the spec (§1.4).
#include "src/store/detail/rrd_check.hpp"

#include <fmt/format.h>

#include <mutex>

#include "src/store/detail/rrd_lib.hpp"

namespace smokeping::store {

namespace detail {

namespace {

// create_args(spec, 0) of each layout (step, pings, RRAs) met lately: the thousands of files
// checked at a config load share a handful of layouts, and the arguments depend on nothing
// else, so a file costs a lookup instead of building them anew.
std::shared_ptr<const std::vector<std::string>> expected_args(const RrdSpec& spec) {
  struct Entry {
    long step;
    int pings;
    std::vector<config::Rra> rras;
    std::shared_ptr<const std::vector<std::string>> args;
  };
  struct Cache {
    std::mutex mutex;
    std::vector<Entry> entries;
  };
  static Cache& cache = *new Cache;  // never destroyed: safe from threads still at work at exit
  std::lock_guard lock(cache.mutex);
  std::vector<Entry>& entries = cache.entries;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->step == spec.step && it->pings == spec.pings && it->rras == spec.rras) return it->args;
  }
  // A bound on what configs reloaded over a long life could pile up; handed-out arguments
  // stay valid.
  if (entries.size() >= 64) entries.clear();
  auto args = std::make_shared<const std::vector<std::string>>(create_args(spec, 0));
  entries.push_back({spec.step, spec.pings, spec.rras, args});
  return args;
}

}  // namespace

Inspection inspect(const RrdSpec& spec) {
  Inspection out;
  out.create = expected_args(spec);
  InfoRead read = rrd_read_info(spec.path);
  if (!read.info) {
    out.read_error = fmt::format("RRDs::info {}: ERROR: {}", spec.path, read.error);
    return out;
  }
  ReadLayout layout = info_to_layout(spec.path, *read.info);
  if (!layout.layout) {
    out.read_error = layout.error;
    return out;
  }
  out.comparison = compare_layout(spec.path, *layout.layout, *out.create);
  out.layout = std::move(layout.layout);
  return out;
}

}  // namespace detail

std::optional<std::string> check_layout(const RrdSpec& spec) {
  detail::Inspection inspection = detail::inspect(spec);
  if (!inspection.read_error.empty()) return inspection.read_error;
  if (inspection.comparison.fatal) return inspection.comparison.text;
  return std::nullopt;
}

}  // namespace smokeping::store
