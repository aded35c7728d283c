// Reads an existing file back into create arguments and compares them with the spec (§1.4).
#include "src/store/detail/rrd_check.hpp"

#include <fmt/format.h>

#include "src/store/detail/rrd_lib.hpp"

namespace smokeping::store {

namespace detail {

Inspection inspect(const RrdSpec& spec) {
  Inspection out;
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
  // --start takes no part in the comparison, so any `now` will do.
  out.comparison = compare_layout(spec.path, *layout.layout, create_args(spec, 0));
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
