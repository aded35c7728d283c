#include "smokeping/protocol/dumper_reader.hpp"

#include <fmt/format.h>

#include <unordered_set>

namespace smokeping::protocol {

DumperError::DumperError(size_t offset, const std::string& message)
    : std::runtime_error(fmt::format("Data::Dumper text, byte {}: {}", offset, message)),
      offset_(offset) {}

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A printable rendering of the byte at the error position.
std::string describe(std::string_view text, size_t pos) {
  if (pos >= text.size()) return "end of text";
  auto c = static_cast<unsigned char>(text[pos]);
  if (c >= 0x21 && c <= 0x7E) return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("byte 0x{:02x}", c);
}

class Reader {
 public:
  Reader(std::string_view text, const DumperLimits& limits) : s_(text), limits_(limits) {}

  PerlValue document() {
    if (s_.size() > limits_.max_bytes) {
      throw DumperError(limits_.max_bytes,
                        fmt::format("text longer than the limit of {} bytes", limits_.max_bytes));
    }
    skip_space();
    expect_word("$VAR1", "the text must start with '$VAR1 ='");
    skip_space();
    if (peek() == '-') fail("references ($VAR1->...) are not accepted");
    expect('=', "expected '=' after $VAR1");
    PerlValue v = value(1);
    skip_space();
    expect(';', "expected ';' after the value");
    skip_space();
    if (pos_ != s_.size()) fail("unexpected text after the final ';'");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw DumperError(pos_, message); }
  [[noreturn]] void fail_at(size_t pos, const std::string& message) const {
    throw DumperError(pos, message);
  }

  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }

  void skip_space() {
    while (!at_end() && is_space(s_[pos_])) ++pos_;
  }

  void expect(char c, const char* message) {
    skip_space();
    if (peek() != c || at_end()) fail(fmt::format("{}, found {}", message, describe(s_, pos_)));
    ++pos_;
  }

  void expect_word(std::string_view word, const char* message) {
    if (s_.substr(pos_, word.size()) != word ||
        (pos_ + word.size() < s_.size() && is_word(s_[pos_ + word.size()]))) {
      fail(message);
    }
    pos_ += word.size();
  }

  void count_node() {
    if (++nodes_ > limits_.max_nodes) {
      fail(fmt::format("more than {} values", limits_.max_nodes));
    }
  }

  PerlValue value(size_t depth) {
    skip_space();
    count_node();
    char c = peek();
    if (at_end()) fail("expected a value, found end of text");
    if (c == '{' || c == '[') {
      if (depth > limits_.max_depth) {
        fail(fmt::format("nested deeper than {} levels", limits_.max_depth));
      }
      return c == '{' ? hash(depth) : array(depth);
    }
    if (c == '\'') return PerlValue::string(single_quoted());
    if (c == '"') return double_quoted();
    if (c == '-' || is_digit(c)) return integer();
    if (s_.substr(pos_, 5) == "undef" && (pos_ + 5 >= s_.size() || !is_word(s_[pos_ + 5]))) {
      pos_ += 5;
      return PerlValue();
    }
    if (c == '$') fail("references ($VAR1->...) and variables are not accepted");
    if (is_word(c)) {
      size_t end = pos_;
      while (end < s_.size() && is_word(s_[end])) ++end;
      fail(
          fmt::format("'{}' is not accepted (only data: hashes, arrays, strings, integers, "
                      "undef)",
                      s_.substr(pos_, end - pos_)));
    }
    fail(fmt::format("expected a value, found {}", describe(s_, pos_)));
  }

  PerlValue hash(size_t depth) {
    ++pos_;  // '{'
    PerlValue h = PerlValue::hash();
    std::unordered_set<std::string> seen;
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return h;
    }
    for (;;) {
      skip_space();
      size_t key_pos = pos_;
      std::string key;
      if (peek() == '\'') {
        key = single_quoted();
      } else if (peek() == '"') {
        key = double_quoted().text();
      } else {
        fail(fmt::format("expected a quoted hash key, found {}", describe(s_, pos_)));
      }
      if (!seen.insert(key).second) fail_at(key_pos, fmt::format("hash key '{}' repeated", key));
      skip_space();
      if (s_.substr(pos_, 2) != "=>") {
        fail(fmt::format("expected '=>' after a hash key, found {}", describe(s_, pos_)));
      }
      pos_ += 2;
      PerlValue v = value(depth + 1);
      h.append(std::move(key), std::move(v));
      skip_space();
      if (peek() == ',' && !at_end()) {
        ++pos_;
        skip_space();
        if (peek() == '}') fail("trailing ',' before '}'");
        continue;
      }
      expect('}', "expected ',' or '}' in a hash");
      return h;
    }
  }

  PerlValue array(size_t depth) {
    ++pos_;  // '['
    PerlValue a = PerlValue::array();
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return a;
    }
    for (;;) {
      a.push(value(depth + 1));
      skip_space();
      if (peek() == ',' && !at_end()) {
        ++pos_;
        skip_space();
        if (peek() == ']') fail("trailing ',' before ']'");
        continue;
      }
      expect(']', "expected ',' or ']' in an array");
      return a;
    }
  }

  std::string single_quoted() {
    size_t start = pos_++;
    std::string out;
    for (;;) {
      if (at_end()) fail_at(start, "string without its closing '");
      char c = s_[pos_++];
      if (c == '\'') return out;
      if (c == '\\' && !at_end() && (s_[pos_] == '\\' || s_[pos_] == '\'')) {
        out += s_[pos_++];
        continue;
      }
      out += c;  // a backslash before anything else stays, as in Perl
    }
  }

  PerlValue double_quoted() {
    size_t start = pos_++;
    std::string out;
    bool wide = false;
    for (;;) {
      if (at_end()) fail_at(start, "string without its closing \"");
      size_t here = pos_;
      char c = s_[pos_++];
      if (c == '"') return PerlValue::string(std::move(out), wide);
      if (c == '$' || c == '@') {
        fail_at(here,
                fmt::format("unescaped '{}' in a \"...\" string (Perl would interpolate)", c));
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_end()) fail_at(start, "string without its closing \"");
      char e = s_[pos_++];
      switch (e) {
        case '\\':
        case '"':
        case '$':
        case '@':
          out += e;
          break;
        case 'a':
          out += '\a';
          break;
        case 'b':
          out += '\b';
          break;
        case 't':
          out += '\t';
          break;
        case 'n':
          out += '\n';
          break;
        case 'f':
          out += '\f';
          break;
        case 'r':
          out += '\r';
          break;
        case 'e':
          out += '\x1b';
          break;
        case 'x': {
          char32_t cp = hex_escape(here);
          if (cp >= 0x80) wide = true;
          append_utf8(out, cp);
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            unsigned v = static_cast<unsigned>(e - '0');
            for (int k = 0; k < 2 && !at_end() && s_[pos_] >= '0' && s_[pos_] <= '7'; ++k) {
              v = v * 8 + static_cast<unsigned>(s_[pos_++] - '0');
            }
            if (v > 0377) fail_at(here, "octal escape above \\377");
            out += static_cast<char>(v);
            break;
          }
          fail_at(here, fmt::format("escape '\\{}' is not accepted", describe(s_, here + 1)));
      }
    }
  }

  // After "\x": {HEX} or one or two hex digits.
  char32_t hex_escape(size_t escape_pos) {
    char32_t cp = 0;
    if (peek() == '{' && !at_end()) {
      ++pos_;
      size_t digits = 0;
      while (!at_end() && hex_value(s_[pos_]) >= 0) {
        cp = cp * 16 + static_cast<char32_t>(hex_value(s_[pos_++]));
        if (++digits > 8) fail_at(escape_pos, "\\x{...} with too many digits");
      }
      if (digits == 0 || peek() != '}' || at_end()) fail_at(escape_pos, "malformed \\x{...}");
      ++pos_;
    } else {
      size_t digits = 0;
      while (digits < 2 && !at_end() && hex_value(s_[pos_]) >= 0) {
        cp = cp * 16 + static_cast<char32_t>(hex_value(s_[pos_++]));
        ++digits;
      }
      if (digits == 0) fail_at(escape_pos, "malformed \\x escape");
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      fail_at(escape_pos, "\\x escape is not a Unicode character");
    }
    return cp;
  }

  PerlValue integer() {
    size_t start = pos_;
    if (peek() == '-') ++pos_;
    size_t digits_start = pos_;
    while (!at_end() && is_digit(s_[pos_])) ++pos_;
    size_t digits = pos_ - digits_start;
    if (digits == 0) fail_at(start, "expected digits after '-'");
    if (digits > 1 && s_[digits_start] == '0') {
      fail_at(start, "integer with a leading zero (Perl would read it as octal)");
    }
    if (!at_end() && (is_word(s_[pos_]) || s_[pos_] == '.')) {
      fail_at(start, "only integers are accepted as bare numbers");
    }
    return PerlValue::number_text(std::string(s_.substr(start, pos_ - start)));
  }

  std::string_view s_;
  const DumperLimits& limits_;
  size_t pos_ = 0;
  size_t nodes_ = 0;
};

}  // namespace

PerlValue read_dumper(std::string_view text, const DumperLimits& limits) {
  return Reader(text, limits).document();
}

}  // namespace smokeping::protocol
