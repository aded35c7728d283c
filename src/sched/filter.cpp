#include "smokeping/sched/filter.hpp"

namespace smokeping::sched {

TargetFilter::TargetFilter(const std::vector<std::string>& patterns) {
  for (const auto& p : patterns) {
    bool negate = !p.empty() && p.front() == '!';
    std::string body = negate ? p.substr(1) : p;
    rules_.push_back({core::PerlRegex::cached("^(?:" + body + ")"), negate});
  }
}

bool TargetFilter::admits(const std::string& rel_path) const {
  if (rules_.empty()) return true;
  std::string path = "/" + rel_path;
  for (const auto& rule : rules_) {
    if (rule.re->search(path) != rule.negate) return true;
  }
  return false;
}

}  // namespace smokeping::sched
