// Perl text for a PerlValue, byte for byte what Data::Dumper 2.184 (XS) prints with the
// settings the original master uses: Indent=2, Terse=0, Useqq=0, Quotekeys=1
// (master-slave.md §4.4).
#pragma once

#include <string>

#include "smokeping/protocol/dumper_value.hpp"

namespace smokeping::protocol {

struct DumperOptions {
  // false: hash keys in the value's insertion order (to reproduce a captured text);
  // true: sorted bytewise, as Dumper does with Sortkeys=1.
  bool sort_keys = false;
};

// "$VAR1 = <value>;\n" with Dumper's layout:
// * hash and array elements one per line, indented to the opening bracket's column + 2, the
//   closing bracket on its own line at the opening bracket's column; `{}` and `[]` when empty;
// * byte strings single-quoted, only \ and ' escaped, every other byte raw (LF, NUL, >= 0x80);
// * strings marked utf8 that contain non-ASCII: double-quoted, \ " $ @ escaped, non-ASCII
//   characters as \x{hex};
// * numbers bare when at most 10 characters long, else single-quoted;
// * keys quoted like byte strings.
std::string dumper(const PerlValue& value, const DumperOptions& options = {});

}  // namespace smokeping::protocol
