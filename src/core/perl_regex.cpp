#define PCRE2_CODE_UNIT_WIDTH 8
#include "smokeping/core/perl_regex.hpp"

#include <pcre2.h>

#include <mutex>
#include <string>
#include <unordered_map>

namespace smokeping::core {

struct PerlRegex::Impl {
  pcre2_code* code = nullptr;
};

namespace {

// Bounds the work one match may do, so a hostile config line cannot stall the parser.
constexpr uint32_t kMatchLimit = 10'000'000;

struct MatchData {
  explicit MatchData(const pcre2_code* code)
      : data(pcre2_match_data_create_from_pattern(code, nullptr)),
        context(pcre2_match_context_create(nullptr)) {
    pcre2_set_match_limit(context, kMatchLimit);
  }
  ~MatchData() {
    pcre2_match_data_free(data);
    pcre2_match_context_free(context);
  }
  pcre2_match_data* data;
  pcre2_match_context* context;
};

}  // namespace

PerlRegex::PerlRegex(std::string_view pattern)
    : pattern_(pattern), impl_(std::make_unique<Impl>()) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), 0,
                              &error, &offset, nullptr);
  if (!impl_->code) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(error, buffer, sizeof buffer);
    throw RegexError(std::string(reinterpret_cast<const char*>(buffer)) + " at offset " +
                     std::to_string(offset) + " in /" + pattern_ + "/");
  }
  pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE);  // optional: falls back to the interpreter
}

PerlRegex::~PerlRegex() {
  if (impl_ && impl_->code) pcre2_code_free(impl_->code);
}

std::shared_ptr<const PerlRegex> PerlRegex::cached(std::string_view pattern) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const PerlRegex>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(std::string(pattern));
  if (it != cache.end()) return it->second;
  auto compiled = std::make_shared<const PerlRegex>(pattern);
  // Patterns can come from requests (the web menu's filter), so a long-lived process (FastCGI)
  // would otherwise keep every one it was ever sent. Starting afresh is enough: holders keep
  // their shared_ptr, and a config uses far fewer patterns than the bound.
  if (cache.size() >= kMaxCachedPatterns) cache.clear();
  cache.emplace(std::string(pattern), compiled);
  return compiled;
}

bool PerlRegex::search(std::string_view subject) const {
  MatchData match(impl_->code);
  int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0,
                       0, match.data, match.context);
  return rc >= 0;
}

std::string PerlRegex::replace_all(std::string_view subject, std::string_view replacement) const {
  MatchData match(impl_->code);
  std::string out;
  size_t pos = 0;
  while (pos <= subject.size()) {
    int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(),
                         pos, 0, match.data, match.context);
    if (rc < 0) break;
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(match.data);
    out.append(subject.substr(pos, ov[0] - pos));
    out.append(replacement);
    if (ov[1] == ov[0]) {  // empty match: copy one character to make progress, as Perl does
      if (ov[1] < subject.size()) out.push_back(subject[ov[1]]);
      pos = ov[1] + 1;
    } else {
      pos = ov[1];
    }
  }
  if (pos < subject.size()) out.append(subject.substr(pos));
  return out;
}

bool perl_anchored_match(std::string_view re, std::string_view value) {
  std::string anchored;
  anchored.reserve(re.size() + 2);
  anchored.append("^").append(re).append("$");
  return PerlRegex::cached(anchored)->search(value);
}

}  // namespace smokeping::core
