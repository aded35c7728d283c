// The recent rounds of one target as seen from one source (the master or a slave): what alert
// patterns and matchers look at. Kept the way the original keeps its per-target stacks: the
// first entry after a (fresh) start is the marker `S`, loss is a percentage of the pings, the
// median is in seconds, and only as many rounds as the node's longest pattern are kept.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace smokeping::alerts {

struct Value {
  enum class Kind {
    start,    // the `S` marker
    unknown,  // U: no value
    number,   // a value whose text starts with a digit
    text,     // anything else a slave may have sent (shown as is, never compares)
  };
  Kind kind = Kind::unknown;
  double number = 0;  // for text: what Perl would make of it in arithmetic
  std::string text;   // for text only

  static Value start() { return {Kind::start, 0, {}}; }
  static Value unknown() { return {Kind::unknown, 0, {}}; }
  static Value of(double v) { return {Kind::number, v, {}}; }
  // A value as found in an RRD update string ("U", "3.0000000000e-04", ...).
  static Value parse(std::string_view text);

  bool defined() const { return kind != Kind::unknown; }
  bool is_start() const { return kind == Kind::start; }
  // Perl's numeric view: undef and S are 0.
  double numeric() const { return kind == Kind::number || kind == Kind::text ? number : 0; }
  bool operator==(const Value&) const = default;
};

using Series = std::deque<Value>;  // oldest first

// Perl's `$array[$index]`: a negative index counts from the end; out of range is undef.
Value at(const Series& series, long index);

struct History {
  Series loss;  // percent of the pings lost
  Series rtt;   // median round trip time in seconds
  bool operator==(const History&) const = default;

  // What the daemon holds for a target right after it starts: just the marker.
  static History fresh();
  // Appends one round (loss count "U" counts as 0 lost, as in the original) and drops the
  // oldest round when more than `keep` are held.
  void push(std::string_view loss_count, std::string_view median, int pings, std::size_t keep);
  // Drops the oldest rounds until at most max(keep, 1) are held (after a config change).
  void trim(std::size_t keep);
};

}  // namespace smokeping::alerts
