// A data-only reader for the Data::Dumper text a Perl master sends (master-slave.md §4.6).
// Nothing is evaluated: the text must be `$VAR1 = <value>;` with hashes, arrays, quoted
// strings, integers and undef, and anything else is an error.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "smokeping/protocol/dumper_value.hpp"

namespace smokeping::protocol {

struct DumperLimits {
  size_t max_bytes = 16 * 1024 * 1024;  // the whole text
  size_t max_depth = 100;               // nested hashes and arrays ($VAR1's value is depth 1)
  size_t max_nodes = 1'000'000;         // values of any kind, keys not counted
};

// The text is not what the reader accepts; `offset` is the byte where it went wrong.
class DumperError : public std::runtime_error {
 public:
  DumperError(size_t offset, const std::string& message);
  size_t offset() const { return offset_; }

 private:
  size_t offset_;
};

// Grammar (whitespace — space, TAB, LF, CR, FF, VT — allowed between tokens):
//   document := '$VAR1' '=' value ';'
//   value    := hash | array | sq-string | dq-string | integer | 'undef'
//   hash     := '{' [ key '=>' value { ',' key '=>' value } ] '}'    key: sq- or dq-string
//   array    := '[' [ value { ',' value } ] ']'
// * sq-string: '...' where \\ is \ and \' is '; a backslash before anything else stays, and
//   every other byte is literal (LF, bytes >= 0x80).
// * dq-string: "..." with \\ \" \$ \@ \a \b \t \n \f \r \e, octal \N \NN \NNN (one byte,
//   at most \377), and \x{HEX} / \xHH (the character, written as UTF-8; the value is marked
//   utf8 when such a character is non-ASCII). Raw bytes stay as they are; `$` and `@`
//   without a backslash are refused (Perl would interpolate them).
// * integer: -?[0-9]+ without leading zeros (Perl would read 010 as octal).
// A hash key that appears twice, `$VAR1->...` references, `bless`, `sub`, comments and
// trailing commas are refused.
PerlValue read_dumper(std::string_view text, const DumperLimits& limits = {});

}  // namespace smokeping::protocol
