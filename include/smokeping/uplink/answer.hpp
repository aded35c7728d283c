// What the master's answer to a POST means for the data it carried (master-slave.md §3.2,
// §3.3). Stricter than the original, which drops its data on any 2xx answer (§12 W6): here
// data count as delivered only when the master said so unmistakably.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "smokeping/protocol/slave_config_receive.hpp"
#include "smokeping/uplink/transport.hpp"

namespace smokeping::uplink {

enum class AnswerKind {
  // "OK-class": status 2xx, a text/plain Content-Type (parameters allowed) and a body of
  // exactly "OK\n" or "OK". That is the master's answer #9 (§3.2).
  // Also the master's partial refusal: 2xx, text/plain, a body starting "WARNING: Refused
  // <k> of <n> lines from slave ". The master stored what it will ever store (perhaps
  // nothing) and refused the rest as bad input: sending it again would only store the
  // accepted lines twice. `refusal` then holds its reasons.
  delivered,
  // A config the slave takes: 2xx, Content-Type exactly `application/smokeping-config`,
  // `Protocol: 2`, `Key` equal to the HMAC-MD5 of the body (constant-time compare), a body
  // the data-only reader accepts, and a `__last` no older than the config running. The master
  // stores the posted data before it decides to send a config (#6), so they are delivered.
  new_config,
  // Everything else: a transport error, a non-2xx status, the master's other WARNING texts, a
  // proxy's HTML page, a config that is unsigned, wrongly signed, unreadable or older. The
  // data stay in the spool and go again with the next POST.
  not_delivered,
};

struct Answer {
  AnswerKind kind = AnswerKind::not_delivered;
  // Why the data were not delivered, or why a config was refused: one line for the log,
  // holding at most an excerpt of the body and never the secret.
  std::string reason;
  // With a partial refusal: the master's text, its first lines joined by " | ", for a warning.
  std::string refusal;
  std::optional<protocol::ReceivedConfig> config;  // with new_config
  bool signed_by_master = false;                   // a 2xx answer carried a valid Auth-Key

  bool delivered() const { return kind != AnswerKind::not_delivered; }
};

// `min_last`: the `__last` of the config the slave runs (0 without one); an older config is
// refused, because a replayed old answer (§12 W1) must not roll the slave back.
Answer classify_answer(const HttpAnswer& answer, std::string_view secret, std::int64_t min_last);

// What a 2xx answer to a signed post must prove (docs/protocol-auth.md).
struct AnswerAuth {
  std::string_view slave;
  std::string_view nonce;  // the nonce our post carried
  bool required = false;   // this master has signed its answers before: unsigned is refused
};

// As above, and an `Auth-Key` header, when present or required, must be the signature of the
// body bound to our nonce; a wrong one (or a missing one when required) is not delivered.
Answer classify_answer(const HttpAnswer& answer, std::string_view secret, std::int64_t min_last,
                       const AnswerAuth& auth);

// The body shortened to `max` bytes for a log line, control bytes written as \xNN.
std::string body_excerpt(std::string_view body, std::size_t max = 200);

}  // namespace smokeping::uplink
