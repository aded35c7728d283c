#include "smokeping/config/raw_tree.hpp"

#include <algorithm>

namespace smokeping::config {

const RawValue* RawSection::find(std::string_view key) const {
  for (const auto& [k, v] : vars_) {
    if (k == key) return &v;
  }
  return nullptr;
}

const std::string* RawSection::get(std::string_view key) const {
  const RawValue* v = find(key);
  return v ? &v->text : nullptr;
}

const RawSection* RawSection::child(std::string_view name) const {
  auto it = child_index_.find(name);
  return it == child_index_.end() ? nullptr : children_[it->second].get();
}

void RawSection::set(std::string key, RawValue value) {
  for (auto& [k, v] : vars_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  vars_.emplace_back(std::move(key), std::move(value));
}

bool RawSection::erase(std::string_view key) {
  auto it =
      std::find_if(vars_.begin(), vars_.end(), [&](const auto& kv) { return kv.first == key; });
  if (it == vars_.end()) return false;
  vars_.erase(it);
  return true;
}

RawSection& RawSection::add_child(std::string name, core::SourceLoc loc, int order) {
  auto section = std::make_unique<RawSection>(std::move(name), std::move(loc));
  section->order_ = order;
  RawSection& ref = *section;
  children_.push_back(std::move(section));
  // The key views the child's own name, which lives as long as the child.
  child_index_.emplace(std::string_view(ref.name_), children_.size() - 1);
  return ref;
}

}  // namespace smokeping::config
