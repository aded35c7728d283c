// The subset of Perl's Storable file format that SmokePing's caches use (master-slave.md §5,
// §6.1): `nstore` of an array whose elements are strings, numbers, undef or references to
// such arrays; and, for the Charts pages' sorter cache (web-and-rrd.md §1.7), `store` of a hash
// of hashes of numbers. Other Storable types (blessed objects, shared references, code) are
// refused as errors, never guessed at.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smokeping::protocol::storable {

// A Perl value as far as these caches need it. Numbers are kept as Perl would print them
// ("300", "1.5"), so every scalar is text.
struct Value {
  enum class Kind { undef, scalar, array, hash };
  Kind kind = Kind::undef;
  std::string text;          // scalar
  std::vector<Value> items;  // array (a reference to an array when nested)
  // hash (a reference to a hash when nested): key and value, in the order of the file
  std::vector<std::pair<std::string, Value>> entries;

  static Value scalar_of(std::string s) { return {Kind::scalar, std::move(s), {}, {}}; }
  static Value array_of(std::vector<Value> v) { return {Kind::array, {}, std::move(v), {}}; }
  static Value hash_of(std::vector<std::pair<std::string, Value>> e) {
    return {Kind::hash, {}, {}, std::move(e)};
  }
  bool operator==(const Value&) const = default;
};

struct ReadResult {
  bool ok = false;
  Value root;         // an array when ok
  std::string error;  // what was wrong and at which byte, when not ok
};

// Reads a Storable file image ("pst0" header) as written by `nstore` (network order) or by
// `store` on a machine with this machine's byte order. The top object must be an array.
// Never throws on bad input; nesting is limited to `max_depth` arrays.
ReadResult read(std::string_view bytes, std::size_t max_depth = 8);

// As read(), but hashes are allowed too, at the top and nested (the sorter cache: a hash of
// hashes). `root` is then an array or a hash.
ReadResult read_with_hashes(std::string_view bytes, std::size_t max_depth = 8);

// The bytes `nstore(\@root, $file)` of Storable 3.x writes for `root`, which must be an array
// (or a hash: `nstore(\%root, $file)`). Scalars are written as byte strings (Storable's
// SX_SCALAR/SX_LSCALAR), as the original's values, which come from split(), are; throws
// std::invalid_argument when `root` is neither an array nor a hash.
std::string write_network(const Value& root);

}  // namespace smokeping::protocol::storable
