// The daemon's --filter: which targets a process probes (master-slave.md §7.1).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "smokeping/core/perl_regex.hpp"

namespace smokeping::sched {

class TargetFilter {
 public:
  TargetFilter() = default;
  // Each pattern is a Perl regex anchored at the start of "/a/b/c"; "!RX" admits what does
  // not match. A target passes when any pattern admits it; no pattern admits everything.
  // Throws core::RegexError for a pattern that does not compile.
  explicit TargetFilter(const std::vector<std::string>& patterns);

  bool admits(const std::string& rel_path) const;
  bool empty() const { return rules_.empty(); }

 private:
  struct Rule {
    std::shared_ptr<const core::PerlRegex> re;
    bool negate;
  };
  std::vector<Rule> rules_;
};

}  // namespace smokeping::sched
