#include "smokeping/web/slave_endpoint.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <optional>
#include <set>
#include <string>

#include "smokeping/protocol/auth_replay.hpp"
#include "smokeping/protocol/auth_signature.hpp"
#include "smokeping/protocol/secrets_file.hpp"
#include "smokeping/protocol/slave_cache.hpp"
#include "smokeping/protocol/slave_config.hpp"

namespace smokeping::web {
namespace {

using protocol::SlaveAnswer;
using protocol::SlaveAnswerKind;

constexpr std::size_t kMaxLoggedRefusals = 20;
constexpr std::size_t kMaxLoggedText = 120;

// A posted value as the log shows it: cut short (the name may be megabytes); the log sink
// escapes control bytes.
std::string_view loggable(std::string_view text) { return text.substr(0, kMaxLoggedText); }

// Why a post was refused before any line was looked at, in words for the log. Never the
// secret, never the key we computed.
std::string_view refusal_reason(SlaveAnswerKind kind) {
  switch (kind) {
    case SlaveAnswerKind::no_secret:
      return "no secret for this slave in the secrets file";
    case SlaveAnswerKind::wrong_protocol:
      return "protocol is not 2";
    case SlaveAnswerKind::unknown_slave:
      return "no section for this slave under *** Slaves ***";
    case SlaveAnswerKind::bad_key:
      return "key does not match the data signed with the slave's secret";
    default:
      return "";
  }
}

protocol::MasterSecrets load_secrets(const config::Config& config,
                                     const SlaveEndpointOptions& options) {
  const std::string path = config.slaves ? config.slaves->secrets : std::string();
  return protocol::MasterSecrets::load(path, options.secrets_owner.value_or(::geteuid()));
}

// Appends the accepted lines to their cache files and returns how many were stored; the
// failures are logged.
std::size_t store_lines(const config::Config& config, const std::string& slave,
                        const SlaveAnswer& answer, spdlog::logger& log, bool& all_stored) {
  const std::string dir = protocol::slave_cache_dir(config.general);
  std::set<std::string> failed;
  for (const protocol::CacheWrite& write :
       protocol::save_updates(dir, slave, answer.lines_to_store)) {
    if (!write.quarantined.empty()) {
      log.warn("slave cache was corrupt file={} moved_to={}", write.file, write.quarantined);
    }
    if (write.status == protocol::CacheWrite::Status::failed) {
      log.error("slave cache write failed slave={} file={} err={}", slave, write.file, write.error);
      failed.insert(write.file);
    }
  }
  all_stored = failed.empty();
  std::size_t stored = 0;
  for (const protocol::DataLine& line : answer.lines_to_store)
    stored += failed.count(protocol::slave_cache_file(dir, line.path, slave)) == 0;
  return stored;
}

// Refusals of the signed protocol are not answers of the original: the slave only needs a
// non-2xx status to keep its data and try again (§3.3).
SlaveAnswer auth_refusal(int status, const std::string& slave, std::string body_reason,
                         std::string log_reason) {
  SlaveAnswer refusal;
  refusal.kind = SlaveAnswerKind::auth_refused;
  refusal.status = status;
  refusal.body =
      fmt::format("WARNING: post of slave {} refused: {}\n", loggable(slave), body_reason);
  refusal.log_reason = std::move(log_reason);
  return refusal;
}

// The signed protocol on top of a post that protocol 2 accepted. A signed post must carry a
// valid auth_key, a fresh auth_ts and an unused nonce (which is then remembered, and pins the
// slave); an unsigned one is refused once the slave is pinned. On success `nonce` is the
// post's nonce when it was signed, "" when it was not.
std::optional<SlaveAnswer> check_signed_protocol(const protocol::FormFields& form,
                                                 const std::string& slave,
                                                 const std::string& secret, const SlavePost& post,
                                                 std::string& nonce) {
  const protocol::ReplayStore store(protocol::slave_cache_dir(post.config.general) + "/.replay");
  if (!protocol::has_auth_fields(form)) {
    if (!store.pinned(slave)) return std::nullopt;
    const std::string file = store.file_for(slave);
    return auth_refusal(403, slave, "this slave signs its posts (auth_key), this one is unsigned",
                        fmt::format("unsigned post from a slave pinned to signed posts (a "
                                    "downgrade?); to accept protocol-2 posts from it again, "
                                    "delete {}",
                                    file));
  }
  protocol::AuthCheck check = protocol::check_post_auth(form, secret, post.now);
  if (check.problem != protocol::AuthProblem::none) {
    return auth_refusal(403, slave, check.detail,
                        fmt::format("signed post refused ({}): {}",
                                    protocol::to_string(check.problem), check.detail));
  }
  protocol::ReplayResult recorded = store.record(slave, check.nonce, check.ts, post.now);
  switch (recorded.verdict) {
    case protocol::ReplayVerdict::recorded:
      nonce = check.nonce;
      return std::nullopt;
    case protocol::ReplayVerdict::replayed:
      return auth_refusal(403, slave, "auth_nonce was used before",
                          fmt::format("signed post refused (replayed): nonce {} was accepted "
                                      "before",
                                      check.nonce));
    case protocol::ReplayVerdict::full:
      return auth_refusal(
          503, slave, "too many signed posts, try again later",
          fmt::format("signed post refused: replay store {} is full", store.file_for(slave)));
    case protocol::ReplayVerdict::failed:
      break;
  }
  return auth_refusal(503, slave, "the master cannot check nonces now, try again later",
                      "signed post refused: replay store unusable: " + recorded.error);
}

bool passed_protocol_2(SlaveAnswerKind kind) {
  return kind == SlaveAnswerKind::new_config || kind == SlaveAnswerKind::no_targets ||
         kind == SlaveAnswerKind::ok;
}

void log_post(const std::string& slave, const SlavePost& post, const SlaveAnswer& answer,
              std::size_t stored, std::string_view secrets_problem, spdlog::logger& log) {
  auto level = spdlog::level::info;
  std::string_view reason =
      answer.log_reason.empty() ? refusal_reason(answer.kind) : std::string_view(answer.log_reason);
  if (answer.kind == SlaveAnswerKind::secrets_unusable ||
      answer.kind == SlaveAnswerKind::store_failed || answer.status >= 500) {
    level = spdlog::level::err;
  } else if (!reason.empty() || !answer.refused.empty()) {
    level = spdlog::level::warn;
  }
  std::string why;
  if (answer.kind == SlaveAnswerKind::secrets_unusable) {
    why = secrets_problem;  // names the file and what is wrong with it, not its content
  } else if (!reason.empty()) {
    why = reason;
  } else if (!answer.refused.empty()) {
    why = "some lines were refused";
  }
  log.log(level,
          "slave post slave={} client={} posted={} stored={} refused={} answer={} status={}{}{}",
          loggable(slave), post.remote_addr, answer.lines_posted, stored, answer.refused.size(),
          to_string(answer.kind), answer.status, why.empty() ? "" : " reason=", why);
  for (std::size_t i = 0; i < answer.refused.size() && i < kMaxLoggedRefusals; ++i) {
    const protocol::RefusedLine& r = answer.refused[i];
    log.warn("slave line refused slave={} line={} path={} problem={} reason={}", loggable(slave),
             r.line_no, loggable(r.path), protocol::to_string(r.problem), r.reason);
  }
  if (answer.refused.size() > kMaxLoggedRefusals) {
    log.warn("slave lines refused slave={} more={}", loggable(slave),
             answer.refused.size() - kMaxLoggedRefusals);
  }
}

}  // namespace

std::string_view to_string(SlaveAnswerKind kind) {
  switch (kind) {
    case SlaveAnswerKind::body_too_large:
      return "body_too_large";
    case SlaveAnswerKind::malformed_form:
      return "malformed_form";
    case SlaveAnswerKind::secrets_unusable:
      return "secrets_unusable";
    case SlaveAnswerKind::no_secret:
      return "no_secret";
    case SlaveAnswerKind::wrong_protocol:
      return "wrong_protocol";
    case SlaveAnswerKind::unknown_slave:
      return "unknown_slave";
    case SlaveAnswerKind::bad_key:
      return "bad_key";
    case SlaveAnswerKind::new_config:
      return "new_config";
    case SlaveAnswerKind::no_targets:
      return "no_targets";
    case SlaveAnswerKind::ok:
      return "ok";
    case SlaveAnswerKind::store_failed:
      return "store_failed";
    case SlaveAnswerKind::auth_refused:
      return "auth_refused";
  }
  return "unknown";
}

Response to_response(const SlaveAnswer& answer) {
  Response response;
  response.status = answer.status;
  response.headers.emplace_back("Content-Type", answer.content_type);
  for (const auto& header : answer.headers) response.headers.push_back(header);
  response.body = answer.body;
  return response;
}

Response answer_slave_post(const protocol::FormFields& form, const SlavePost& post,
                           const SlaveEndpointOptions& options, spdlog::logger& log) {
  const protocol::MasterSecrets secrets = load_secrets(post.config, options);
  protocol::AnswerContext context{
      post.config, secrets, post.config_last, post.now, options.max_future_skew, {}};
  context.slave_config = [](const config::Config& config, const std::string& slave,
                            std::int64_t last) -> std::optional<std::string> {
    protocol::SlaveConfigOptions config_options;
    config_options.match = protocol::SlaveMatch::exact_token;
    auto value = protocol::build_slave_config(config, slave, last, config_options);
    if (!value) return std::nullopt;
    return protocol::slave_config_body(*value);
  };

  const std::string slave = form.value("slave");
  SlaveAnswer answer = protocol::answer_slave(form, context);
  std::string auth_nonce, secret;
  if (passed_protocol_2(answer.kind)) {
    secret = secrets.secret_for(slave).value_or("");
    if (auto refusal = check_signed_protocol(form, slave, secret, post, auth_nonce)) {
      refusal->lines_posted = answer.lines_posted;
      answer = std::move(*refusal);
    }
  }
  std::size_t stored = 0;
  if (!answer.lines_to_store.empty()) {
    bool all_stored = true;
    stored = store_lines(post.config, slave, answer, log, all_stored);
    if (!all_stored) {
      SlaveAnswer failed = protocol::answer_store_failed(slave);
      failed.lines_posted = answer.lines_posted;
      failed.refused = std::move(answer.refused);
      answer = std::move(failed);
    }
  }
  // A signed post gets a signed answer, tied to its nonce, so that an old answer cannot be
  // played back to the slave.
  if (!auth_nonce.empty()) {
    answer.headers.emplace_back(protocol::kAuthAnswerHeader,
                                protocol::sign_answer(secret, slave, auth_nonce, answer.body));
  }
  log_post(slave, post, answer, stored, secrets.message(), log);
  return to_response(answer);
}

}  // namespace smokeping::web
