// Our optional signed slave protocol (docs/protocol-auth.md; answers master-slave.md §12 W1,
// W2): besides the five protocol-2 fields our slave posts auth_ts, auth_nonce and auth_key,
// an HMAC-SHA256 over a canonical byte string that binds every field. A Perl master ignores
// the extra fields; our master checks them, and then signs its answer with Auth-Key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "smokeping/protocol/submission_form.hpp"

namespace smokeping::protocol {

inline constexpr std::string_view kAuthTsField = "auth_ts";
inline constexpr std::string_view kAuthNonceField = "auth_nonce";
inline constexpr std::string_view kAuthKeyField = "auth_key";
inline constexpr std::string_view kAuthAnswerHeader = "Auth-Key";
inline constexpr std::int64_t kAuthWindowSeconds = 300;  // |auth_ts - now| allowed
inline constexpr std::size_t kAuthNonceBytes = 16;       // 128 bits, 32 hex characters

// The fields of a post as they travel (config_time and auth_ts as their decimal text).
struct SignedPostFields {
  std::string_view slave, protocol, auth_ts, auth_nonce, config_time, data;
};

// Netstrings (`<decimal length>:<bytes>,`) of a label and the fields, in a fixed order:
// unambiguous whatever bytes the fields hold.
std::string canonical_post(const SignedPostFields& fields);
std::string canonical_answer(std::string_view slave, std::string_view request_nonce,
                             std::string_view body);

// Lowercase hex HMAC-SHA256 of the canonical strings, keyed with the slave's secret.
std::string sign_post(std::string_view secret, const SignedPostFields& fields);
std::string sign_answer(std::string_view secret, std::string_view slave,
                        std::string_view request_nonce, std::string_view body);

// Whether the form carries any of the three auth fields: then it must carry all of them, right.
bool has_auth_fields(const FormFields& form);

// What is wrong with a post's auth fields, checked in this order.
enum class AuthProblem {
  none,
  missing_field,    // one or two of the three fields are absent
  malformed_field,  // auth_ts not decimal, nonce not 32 lowercase hex, key not 64 lowercase hex
  bad_signature,    // auth_key is not our signature of the canonical string
  stale,            // auth_ts more than kAuthWindowSeconds before our clock
  future,           // auth_ts more than kAuthWindowSeconds after our clock
};

struct AuthCheck {
  AuthProblem problem = AuthProblem::none;
  std::string detail;  // for the log: which field, how far off; never a key
  std::int64_t ts = 0;
  std::string nonce;
};

// Checks the auth fields of `form` (has_auth_fields holds) with `secret` at time `now`. The
// signature is compared in constant time.
AuthCheck check_post_auth(const FormFields& form, std::string_view secret, std::int64_t now);

std::string_view to_string(AuthProblem problem);

}  // namespace smokeping::protocol
