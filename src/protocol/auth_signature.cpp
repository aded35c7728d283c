#include "smokeping/protocol/auth_signature.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <initializer_list>

#include "smokeping/protocol/hmac.hpp"

namespace smokeping::protocol {
namespace {

// Distinct labels, so that a signed post can never pass for a signed answer or the reverse.
constexpr std::string_view kPostLabel = "smokeping-auth-post-1";
constexpr std::string_view kAnswerLabel = "smokeping-auth-answer-1";

std::string netstrings(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    out += std::to_string(part.size());
    out += ':';
    out += part;
    out += ',';
  }
  return out;
}

bool is_lower_hex(std::string_view text, std::size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Plain decimal seconds, at most 18 digits so that it fits; no sign, no spaces.
bool parse_ts(std::string_view text, std::int64_t& ts) {
  if (text.empty() || text.size() > 18) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ts);
  return ec == std::errc() && end == text.data() + text.size() && text.front() != '-';
}

AuthCheck problem(AuthProblem kind, std::string detail) {
  AuthCheck check;
  check.problem = kind;
  check.detail = std::move(detail);
  return check;
}

}  // namespace

std::string canonical_post(const SignedPostFields& f) {
  return netstrings(
      {kPostLabel, f.slave, f.protocol, f.auth_ts, f.auth_nonce, f.config_time, f.data});
}

std::string canonical_answer(std::string_view slave, std::string_view request_nonce,
                             std::string_view body) {
  return netstrings({kAnswerLabel, slave, request_nonce, body});
}

std::string sign_post(std::string_view secret, const SignedPostFields& fields) {
  return hmac_sha256_hex(secret, canonical_post(fields));
}

std::string sign_answer(std::string_view secret, std::string_view slave,
                        std::string_view request_nonce, std::string_view body) {
  return hmac_sha256_hex(secret, canonical_answer(slave, request_nonce, body));
}

bool has_auth_fields(const FormFields& form) {
  return form.find(kAuthTsField) || form.find(kAuthNonceField) || form.find(kAuthKeyField);
}

AuthCheck check_post_auth(const FormFields& form, std::string_view secret, std::int64_t now) {
  for (std::string_view name : {kAuthTsField, kAuthNonceField, kAuthKeyField}) {
    if (!form.find(name)) return problem(AuthProblem::missing_field, fmt::format("no {}", name));
  }
  const std::string ts_text = form.value(kAuthTsField);
  const std::string nonce = form.value(kAuthNonceField);
  const std::string key = form.value(kAuthKeyField);
  std::int64_t ts = 0;
  if (!parse_ts(ts_text, ts)) {
    return problem(AuthProblem::malformed_field, "auth_ts is not decimal seconds");
  }
  if (!is_lower_hex(nonce, 2 * kAuthNonceBytes)) {
    return problem(AuthProblem::malformed_field, "auth_nonce is not 32 lowercase hex digits");
  }
  if (!is_lower_hex(key, 64)) {
    return problem(AuthProblem::malformed_field, "auth_key is not 64 lowercase hex digits");
  }
  const std::string slave = form.value("slave"), protocol = form.value("protocol"),
                    config_time = form.value("config_time"), data = form.value("data");
  const std::string expected =
      sign_post(secret, {slave, protocol, ts_text, nonce, config_time, data});
  if (!constant_time_equal(key, expected)) {
    return problem(AuthProblem::bad_signature,
                   "auth_key does not match the post signed with the slave's secret");
  }
  if (ts < now - kAuthWindowSeconds) {
    return problem(AuthProblem::stale, fmt::format("auth_ts is {} s behind our clock (limit {})",
                                                   now - ts, kAuthWindowSeconds));
  }
  if (ts > now + kAuthWindowSeconds) {
    return problem(AuthProblem::future, fmt::format("auth_ts is {} s ahead of our clock (limit {})",
                                                    ts - now, kAuthWindowSeconds));
  }
  AuthCheck ok;
  ok.ts = ts;
  ok.nonce = nonce;
  return ok;
}

std::string_view to_string(AuthProblem problem) {
  switch (problem) {
    case AuthProblem::none:
      return "none";
    case AuthProblem::missing_field:
      return "missing_field";
    case AuthProblem::malformed_field:
      return "malformed_field";
    case AuthProblem::bad_signature:
      return "bad_signature";
    case AuthProblem::stale:
      return "stale";
    case AuthProblem::future:
      return "future";
  }
  return "unknown";
}

}  // namespace smokeping::protocol
