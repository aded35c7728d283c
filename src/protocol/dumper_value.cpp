#include "smokeping/protocol/dumper_value.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace smokeping::protocol {

namespace {

bool is_integer_text(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const char* kind_name(PerlValue::Kind kind) {
  switch (kind) {
    case PerlValue::Kind::undef:
      return "undef";
    case PerlValue::Kind::string:
      return "a string";
    case PerlValue::Kind::number:
      return "a number";
    case PerlValue::Kind::hash:
      return "a hash";
    case PerlValue::Kind::array:
      return "an array";
  }
  return "?";
}

std::string child_path(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "/" + std::string(name);
}

std::string difference(const PerlValue& a, const PerlValue& b, const std::string& path) {
  std::string where = path.empty() ? "top" : path;
  if (a.kind() != b.kind()) {
    return fmt::format("{}: {} vs {}", where, kind_name(a.kind()), kind_name(b.kind()));
  }
  switch (a.kind()) {
    case PerlValue::Kind::undef:
      return {};
    case PerlValue::Kind::string:
    case PerlValue::Kind::number:
      if (a.text() != b.text() || a.utf8() != b.utf8()) {
        return fmt::format("{}: '{}' vs '{}'", where, a.text(), b.text());
      }
      return {};
    case PerlValue::Kind::array: {
      const auto& x = a.elements();
      const auto& y = b.elements();
      if (x.size() != y.size()) {
        return fmt::format("{}: {} vs {} elements", where, x.size(), y.size());
      }
      for (size_t i = 0; i < x.size(); ++i) {
        std::string d = difference(x[i], y[i], child_path(path, fmt::format("[{}]", i)));
        if (!d.empty()) return d;
      }
      return {};
    }
    case PerlValue::Kind::hash: {
      for (const auto& [key, value] : a.entries()) {
        const PerlValue* other = b.find(key);
        if (!other) return fmt::format("{}: key '{}' only in the first", where, key);
        std::string d = difference(value, *other, child_path(path, key));
        if (!d.empty()) return d;
      }
      for (const auto& [key, value] : b.entries()) {
        if (!a.find(key)) return fmt::format("{}: key '{}' only in the second", where, key);
      }
      if (a.entries().size() != b.entries().size()) {
        return fmt::format("{}: repeated keys", where);
      }
      return {};
    }
  }
  return {};
}

}  // namespace

PerlValue PerlValue::string(std::string bytes, bool utf8) {
  PerlValue v;
  v.kind_ = Kind::string;
  v.text_ = std::move(bytes);
  v.utf8_ = utf8;
  return v;
}

PerlValue PerlValue::number(std::int64_t n) { return number_text(std::to_string(n)); }

PerlValue PerlValue::number_text(std::string digits) {
  if (!is_integer_text(digits)) {
    throw std::invalid_argument("not an integer: '" + digits + "'");
  }
  PerlValue v;
  v.kind_ = Kind::number;
  v.text_ = std::move(digits);
  return v;
}

PerlValue PerlValue::hash(Hash entries) {
  PerlValue v;
  v.kind_ = Kind::hash;
  v.hash_ = std::move(entries);
  return v;
}

PerlValue PerlValue::array(Array elements) {
  PerlValue v;
  v.kind_ = Kind::array;
  v.array_ = std::move(elements);
  return v;
}

PerlValue::Hash& PerlValue::entries() {
  if (kind_ != Kind::hash) throw std::logic_error("PerlValue: not a hash");
  return hash_;
}

PerlValue::Array& PerlValue::elements() {
  if (kind_ != Kind::array) throw std::logic_error("PerlValue: not an array");
  return array_;
}

const PerlValue* PerlValue::find(std::string_view key) const {
  for (const auto& [k, v] : hash_) {
    if (k == key) return &v;
  }
  return nullptr;
}

PerlValue* PerlValue::find(std::string_view key) {
  for (auto& [k, v] : hash_) {
    if (k == key) return &v;
  }
  return nullptr;
}

PerlValue& PerlValue::set(std::string key, PerlValue value) {
  if (PerlValue* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  return append(std::move(key), std::move(value));
}

PerlValue& PerlValue::append(std::string key, PerlValue value) {
  auto& h = entries();
  h.emplace_back(std::move(key), std::move(value));
  return h.back().second;
}

PerlValue& PerlValue::push(PerlValue value) {
  auto& a = elements();
  a.push_back(std::move(value));
  return a.back();
}

bool PerlValue::perl_true() const {
  switch (kind_) {
    case Kind::undef:
      return false;
    case Kind::string:
      return !text_.empty() && text_ != "0";
    case Kind::number:
      return std::any_of(text_.begin(), text_.end(), [](char c) { return c >= '1' && c <= '9'; });
    case Kind::hash:
    case Kind::array:
      return true;
  }
  return false;
}

bool PerlValue::operator==(const PerlValue& other) const {
  return kind_ == other.kind_ && utf8_ == other.utf8_ && text_ == other.text_ &&
         hash_ == other.hash_ && array_ == other.array_;
}

bool same_data(const PerlValue& a, const PerlValue& b) { return difference(a, b, "").empty(); }

std::string first_difference(const PerlValue& a, const PerlValue& b) {
  return difference(a, b, "");
}

}  // namespace smokeping::protocol
