// Perl-compatible regular expressions (PCRE2). The original's grammar, alert `extrare`,
// `--filter` and `@define` are Perl regexes; PCRE2 matches them with Perl's semantics and
// without the deep recursion std::regex uses on long subjects.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smokeping::core {

class RegexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PerlRegex {
 public:
  // Compiles `pattern` (throws RegexError with PCRE2's message on a syntax error).
  explicit PerlRegex(std::string_view pattern);
  ~PerlRegex();
  PerlRegex(const PerlRegex&) = delete;
  PerlRegex& operator=(const PerlRegex&) = delete;

  // A compiled regex shared by everyone who asks for the same pattern text. The cache keeps at
  // most kMaxCachedPatterns patterns; past that it is emptied.
  static std::shared_ptr<const PerlRegex> cached(std::string_view pattern);
  static constexpr std::size_t kMaxCachedPatterns = 4096;

  // True when the pattern matches somewhere in `subject` (Perl's `$subject =~ /pattern/`).
  // A subject so pathological that PCRE2 gives up counts as no match.
  bool search(std::string_view subject) const;

  // Perl's `s/pattern/replacement/g` with a literal replacement.
  std::string replace_all(std::string_view subject, std::string_view replacement) const;

  const std::string& pattern() const { return pattern_; }

 private:
  struct Impl;
  std::string pattern_;
  std::unique_ptr<Impl> impl_;
};

// Perl's `$value =~ /^$re$/`: the anchors are glued on as text, exactly as Config::Grammar
// does, so a top-level alternation stays half anchored (config.md §2.3).
bool perl_anchored_match(std::string_view re, std::string_view value);

}  // namespace smokeping::core
