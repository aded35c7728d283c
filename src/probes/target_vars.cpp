#include "target_vars.hpp"

#include <charconv>

namespace smokeping::probes {

const std::string* TargetVars::get(const std::string& name) const {
  for (const auto* vars : {node_, probe_}) {
    if (!vars) continue;
    if (auto it = vars->find(name); it != vars->end()) return &it->second;
  }
  return nullptr;
}

std::string TargetVars::text(const std::string& name, const std::string& fallback) const {
  const std::string* v = get(name);
  return v ? *v : fallback;
}

bool TargetVars::perl_true(const std::string& name) const {
  const std::string* v = get(name);
  return v && !v->empty() && *v != "0";
}

bool TargetVars::flag(const std::string& name) const {
  const std::string* v = get(name);
  return v && *v != "no" && *v != "0";
}

std::optional<std::chrono::microseconds> TargetVars::seconds(const std::string& name) const {
  const std::string* v = get(name);
  if (!v || v->empty()) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
  if (ec != std::errc() || end != v->data() + v->size() || value < 0 || value > 1e6) {
    return std::nullopt;
  }
  return std::chrono::microseconds(static_cast<long long>(value * 1e6));
}

std::optional<long> TargetVars::integer(const std::string& name, long min, long max) const {
  const std::string* v = get(name);
  if (!v || v->empty()) return std::nullopt;
  long value = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
  if (ec != std::errc() || end != v->data() + v->size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace smokeping::probes
