#include "smokeping/uplink/answer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "smokeping/protocol/auth_signature.hpp"
#include "smokeping/protocol/dumper_reader.hpp"
#include "smokeping/protocol/hmac.hpp"

namespace smokeping::uplink {

namespace {

constexpr std::string_view kConfigType = "application/smokeping-config";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "text/plain", "text/plain; charset=utf-8", "Text/Plain ;x=y" all are text/plain.
bool is_text_plain(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  return lower(media) == "text/plain";
}

// How many lines of a partial refusal go into the slave's log (the master lists up to 20).
constexpr std::size_t kRefusalLinesKept = 5;

bool take_digits(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && n < 12 && std::isdigit(static_cast<unsigned char>(s[n]))) ++n;
  if (n == 0) return false;
  s.remove_prefix(n);
  return true;
}

bool take(std::string_view& s, std::string_view word) {
  if (!s.starts_with(word)) return false;
  s.remove_prefix(word.size());
  return true;
}

// "WARNING: Refused 2 of 5 lines from slave s1; the others were stored:\nline 3: ...": the
// master's answer to a post with lines it will not store (slave_endpoint.cpp).
bool is_partial_refusal(std::string_view body) {
  return take(body, "WARNING: Refused ") && take_digits(body) && take(body, " of ") &&
         take_digits(body) && take(body, " lines from slave ");
}

// Its first lines, on one log line.
std::string refusal_summary(std::string_view body) {
  std::string out;
  for (std::size_t kept = 0; kept < kRefusalLinesKept && !body.empty(); ++kept) {
    std::size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    if (!out.empty()) out += " | ";
    out += body_excerpt(line, 200);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
  }
  if (!body.empty()) out += " | ...";
  return out;
}

Answer refuse(std::string reason) {
  Answer a;
  a.reason = std::move(reason);
  return a;
}

Answer config_answer(const HttpAnswer& answer, std::string_view secret, std::int64_t min_last) {
  if (answer.protocol != "2") {
    return refuse(fmt::format("config sent with protocol {}, expected 2",
                              answer.protocol.empty() ? "?" : body_excerpt(answer.protocol, 20)));
  }
  // The signature first: nothing of an unsigned body is read (§4.6).
  if (!protocol::signature_matches(secret, answer.body, answer.key)) {
    return refuse("config sent with a wrong key: not signed with our secret");
  }
  Answer a;
  try {
    a.config = protocol::read_slave_config_text(answer.body);
  } catch (const protocol::DumperError& e) {
    return refuse(std::string("config from the master is not readable: ") + e.what());
  } catch (const protocol::SlaveConfigError& e) {
    return refuse(e.what());
  }
  if (a.config->last < min_last) {
    return refuse(fmt::format("config from the master is older than ours (__last {} < {})",
                              a.config->last, min_last));
  }
  a.kind = AnswerKind::new_config;
  return a;
}

}  // namespace

Answer classify_answer(const HttpAnswer& answer, std::string_view secret, std::int64_t min_last) {
  if (!answer.transport_error.empty()) {
    return refuse("master unreachable: " + body_excerpt(answer.transport_error));
  }
  if (answer.status < 200 || answer.status > 299) {
    return refuse(fmt::format("master said HTTP {}: {}", answer.status, body_excerpt(answer.body)));
  }
  if (answer.content_type == kConfigType) return config_answer(answer, secret, min_last);
  if (is_text_plain(answer.content_type) && (answer.body == "OK\n" || answer.body == "OK")) {
    Answer a;
    a.kind = AnswerKind::delivered;
    return a;
  }
  if (is_text_plain(answer.content_type) && is_partial_refusal(answer.body)) {
    Answer a;
    a.kind = AnswerKind::delivered;
    a.refusal = refusal_summary(answer.body);
    return a;
  }
  return refuse(fmt::format(
      "master answered {} ({}): {}", answer.status,
      answer.content_type.empty() ? "no content type" : body_excerpt(answer.content_type, 80),
      body_excerpt(answer.body)));
}

Answer classify_answer(const HttpAnswer& answer, std::string_view secret, std::int64_t min_last,
                       const AnswerAuth& auth) {
  // Only answers that would make us drop data or take a config need proof; the others leave
  // the data in the spool anyway, and their text stays useful in the log.
  const bool success =
      answer.transport_error.empty() && answer.status >= 200 && answer.status <= 299;
  if (!success) return classify_answer(answer, secret, min_last);
  bool verified = false;
  if (!answer.auth_key.empty()) {
    const std::string expected = protocol::sign_answer(secret, auth.slave, auth.nonce, answer.body);
    if (!protocol::constant_time_equal(answer.auth_key, expected)) {
      return refuse(
          fmt::format("answer of the master has a wrong Auth-Key (not signed for our "
                      "post with our secret): {}",
                      body_excerpt(answer.body, 80)));
    }
    verified = true;
  } else if (auth.required) {
    return refuse(
        fmt::format("answer of the master is not signed (no Auth-Key) but this master "
                    "signed its answers before: {}",
                    body_excerpt(answer.body, 80)));
  }
  Answer a = classify_answer(answer, secret, min_last);
  a.signed_by_master = verified && a.delivered();
  return a;
}

std::string body_excerpt(std::string_view body, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < body.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(body[i]);
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (body.size() > max) out += fmt::format("... ({} bytes)", body.size());
  return out;
}

}  // namespace smokeping::uplink
