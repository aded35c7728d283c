// Classic loss/rtt patterns. The original turns a pattern into Perl source: one nested loop per
// `*N*` (the first `*N*` written is the innermost loop), each comparing element tested at a fixed
// index from the end of the history minus the skips of the loops it sits in. The search is not a
// full backtracking one: when an inner loop runs out, the whole pattern fails at once, even if a
// larger skip in an outer loop could still have matched. We walk the same loops in the same
// order so every decision is the original's.
#include <algorithm>
#include <vector>

#include "smokeping/alerts/detect.hpp"

namespace smokeping::alerts {

namespace {

using config::CompareOp;
using config::PatternElement;

bool compare(double a, CompareOp op, double b) {
  switch (op) {
    case CompareOp::eq:
      return a == b;
    case CompareOp::ne:
      return a != b;
    case CompareOp::lt:
      return a < b;
    case CompareOp::gt:
      return a > b;
    case CompareOp::le:
      return a <= b;
    case CompareOp::ge:
      return a >= b;
  }
  return false;
}

struct Check {
  const PatternElement* element;
  long index;  // from the end of the history before any skip: -minlength .. -1
};

struct Compiled {
  std::vector<std::vector<Check>> groups;  // split at the `*N*`s, oldest first
  std::vector<int> skips;                  // N of each `*N*`, in pattern order
};

Compiled compile(const config::ClassicPattern& pattern) {
  Compiled c;
  c.groups.emplace_back();
  long index = -pattern.min_length;
  for (const auto& e : pattern.elements) {
    if (e.kind == PatternElement::Kind::skip) {
      c.skips.push_back(e.skip);
      c.groups.emplace_back();
      continue;
    }
    c.groups.back().push_back({&e, index++});
  }
  return c;
}

class Matcher {
 public:
  Matcher(const Compiled& c, const config::ClassicPattern& p, config::AlertType type,
          const Series& y)
      : c_(c), y_(y), scale_(type == config::AlertType::rtt ? 1000.0 : 1.0) {
    max_length_ = p.max_length;
    long spare = static_cast<long>(y.size()) - p.min_length;
    for (int n : c.skips) imax_.push_back(std::min<long>(spare, n));
  }

  bool run() {
    long loops = static_cast<long>(c_.skips.size());
    if (loops > 0 && !search(1, 0)) return false;
    return group_matches(c_.groups.back(), 0);
  }

 private:
  // Loop k (1 = outermost) closes at the (loops-k+1)-th `*N*`; the group just before that
  // `*N*` is tested inside it. True when the loop found a match, false when the pattern fails.
  bool search(long k, long shifted) {
    long loops = static_cast<long>(c_.skips.size());
    std::size_t star = static_cast<std::size_t>(loops - k);  // its `*N*`, pattern order
    long bound = std::min(max_length_ - shifted, imax_[star]);
    for (long i = 0; i < bound; ++i) {
      if (k < loops && !search(k + 1, shifted + i)) return false;
      if (group_matches(c_.groups[star], shifted + i)) return true;
    }
    return false;
  }

  bool group_matches(const std::vector<Check>& group, long shift) const {
    for (const Check& check : group) {
      if (!element_matches(*check.element, at(y_, check.index - shift))) return false;
    }
    return true;
  }

  bool element_matches(const PatternElement& e, const Value& v) const {
    switch (e.kind) {
      case PatternElement::Kind::unknown:
        return e.op == CompareOp::eq ? !v.defined() : v.defined();
      case PatternElement::Kind::start:
        return v.is_start();
      case PatternElement::Kind::any:
        return true;
      case PatternElement::Kind::skip:
        return true;
      case PatternElement::Kind::compare:
        if (v.kind != Value::Kind::number) return false;
        if (!compare(v.number, e.op, e.value / scale_)) return false;
        return !e.has_second || compare(v.number, e.op2, e.value2 / scale_);
    }
    return false;
  }

  const Compiled& c_;
  const Series& y_;
  double scale_;
  long max_length_ = 0;
  std::vector<long> imax_;  // per `*N*` in pattern order: min(history - minlength, N)
};

}  // namespace

Match match_classic(const config::ClassicPattern& pattern, config::AlertType type,
                    const Series& series) {
  if (static_cast<long>(series.size()) < pattern.min_length) return 0;
  Compiled compiled = compile(pattern);
  return Matcher(compiled, pattern, type, series).run() ? 1 : 0;
}

}  // namespace smokeping::alerts
