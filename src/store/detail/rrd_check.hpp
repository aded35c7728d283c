// Private to store/: reading an existing file's layout and comparing it with a spec (§1.4).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "smokeping/store/rrd_store.hpp"
#include "src/store/detail/rrd_text.hpp"

namespace smokeping::store::detail {

struct Inspection {
  // Set when the file cannot be read as an RRD the original accepts; the original dies with
  // this text as it is ("RRDs::info F: ERROR: ...", "F: unknown RRD version: 0002").
  std::string read_error;
  std::optional<FileLayout> layout;
  Comparison comparison;  // of `layout` with `create`
  // create_args(spec, 0): --start takes no part in the comparison or the tuning.
  std::shared_ptr<const std::vector<std::string>> create;
};

Inspection inspect(const RrdSpec& spec);

}  // namespace smokeping::store::detail
