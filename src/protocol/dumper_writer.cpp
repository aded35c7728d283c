#include "smokeping/protocol/dumper_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>

namespace smokeping::protocol {

namespace {

// Dumper counts "$VAR1 = " as padding for every line below the first (Indent=2).
constexpr size_t kTopPad = 8;
// Each level adds Dumper's default Pad of two spaces.
constexpr size_t kLevelPad = 2;
// "'key' => " adds the key's quoted length plus " => " to the nested value's padding.
constexpr std::string_view kPair = " => ";

// A well-formed UTF-8 sequence at `s[i]`: its code point and length.
std::optional<std::pair<char32_t, size_t>> decode_utf8(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (len == 0 || b0 > 0xF4 || i + len > s.size()) return std::nullopt;
  char32_t cp = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return std::make_pair(cp, len);
}

void single_quoted(std::string& out, std::string_view s) {
  out += '\'';
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
}

// Dumper's form of a string Perl holds as characters: single quotes unless it has a
// non-ASCII character, then double quotes with \x{..} for every non-ASCII character.
void utf8_quoted(std::string& out, std::string_view s) {
  bool wide = std::any_of(s.begin(), s.end(), [](char c) { return c & 0x80; });
  if (!wide) {
    single_quoted(out, s);
    return;
  }
  out += '"';
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80 && i + 1 < s.size()) {
      if (auto decoded = decode_utf8(s, i)) {
        out += fmt::format("\\x{{{:x}}}", static_cast<std::uint32_t>(decoded->first));
        i += decoded->second;
      } else {
        out += fmt::format("\\x{{{:x}}}", c);  // not UTF-8: the byte as a Latin-1 character
        ++i;
      }
      continue;
    }
    if (c == '"' || c == '\\' || c == '$' || c == '@') out += '\\';
    out += static_cast<char>(c);  // other bytes, control characters included, raw
    ++i;
  }
  out += '"';
}

void scalar(std::string& out, const PerlValue& v) {
  if (v.is_number()) {
    // Dumper prints integers of more than 10 characters quoted, for 32-bit readers.
    if (v.text().size() > 10) {
      single_quoted(out, v.text());
    } else {
      out += v.text();
    }
  } else if (v.utf8()) {
    utf8_quoted(out, v.text());
  } else {
    single_quoted(out, v.text());
  }
}

class Writer {
 public:
  explicit Writer(const DumperOptions& options) : options_(options) {}

  void value(const PerlValue& v, size_t level, size_t apad) {
    switch (v.kind()) {
      case PerlValue::Kind::undef:
        out_ += "undef";
        return;
      case PerlValue::Kind::string:
      case PerlValue::Kind::number:
        scalar(out_, v);
        return;
      case PerlValue::Kind::hash:
        hash(v, level, apad);
        return;
      case PerlValue::Kind::array:
        array(v, level, apad);
        return;
    }
  }

  std::string take() { return std::move(out_); }
  std::string& out() { return out_; }

 private:
  void newline(size_t spaces) {
    out_ += '\n';
    out_.append(spaces, ' ');
  }

  void hash(const PerlValue& v, size_t level, size_t apad) {
    std::vector<const PerlValue::Entry*> entries;
    entries.reserve(v.entries().size());
    for (const auto& e : v.entries()) entries.push_back(&e);
    if (options_.sort_keys) {
      std::stable_sort(entries.begin(), entries.end(),
                       [](const auto* a, const auto* b) { return a->first < b->first; });
    }
    out_ += '{';
    std::string key;
    for (size_t i = 0; i < entries.size(); ++i) {
      if (i) out_ += ',';
      newline(apad + kLevelPad * (level + 1));
      key.clear();
      single_quoted(key, entries[i]->first);
      out_ += key;
      out_ += kPair;
      value(entries[i]->second, level + 1, apad + key.size() + kPair.size());
    }
    if (!entries.empty()) newline(apad + kLevelPad * level);
    out_ += '}';
  }

  void array(const PerlValue& v, size_t level, size_t apad) {
    const auto& elements = v.elements();
    out_ += '[';
    for (size_t i = 0; i < elements.size(); ++i) {
      if (i) out_ += ',';
      newline(apad + kLevelPad * (level + 1));
      value(elements[i], level + 1, apad);
    }
    if (!elements.empty()) newline(apad + kLevelPad * level);
    out_ += ']';
  }

  const DumperOptions& options_;
  std::string out_;
};

}  // namespace

std::string dumper(const PerlValue& value, const DumperOptions& options) {
  Writer w(options);
  w.out() += "$VAR1 = ";
  w.value(value, 0, kTopPad);
  w.out() += ";\n";
  return w.take();
}

}  // namespace smokeping::protocol
