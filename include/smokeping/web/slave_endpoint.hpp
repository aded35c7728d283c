// The master's side of distributed mode inside smokeping.cgi (master-slave.md §3, §6.1): a
// slave's post is authenticated and checked (protocol::answer_slave), its good lines are
// appended to the `.slave_cache` files the daemon merges, and the answer goes back.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "smokeping/config/model.hpp"
#include "smokeping/protocol/submission.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/web/http.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::web {

struct SlaveEndpointOptions {
  std::int64_t max_future_skew = 60;  // seconds a slave's clock may run ahead of ours
  // Who must own the secrets file; the effective user when unset (tests name another).
  std::optional<uid_t> secrets_owner;
};

struct SlavePost {
  const config::Config& config;
  std::int64_t config_last = 0;  // newest_config_mtime(config) when it was loaded
  std::int64_t now = 0;          // our clock, Unix seconds
  std::string_view remote_addr;  // for the log
};

// Answers a form for which protocol::is_slave_request() holds. The secrets file
// (Slaves.secrets) is read again for each post, as the original does, so an edit needs no
// reload. Lines are stored before the answer is built; when a cache file cannot be written the
// answer is protocol::answer_store_failed (503), so the slave keeps its data.
//
// Logs one line per post (slave, client, lines posted/stored/refused, answer), at warning
// level with the reason when the post or a line was refused, and one line per refused line
// and per failed file. Neither the secret nor the key we expected is ever logged.
//
// Our signed protocol (docs/protocol-auth.md) on top: a post with auth_* fields must be
// signed, fresh and not replayed (nonces under <dyndir>/.replay, which also pins the slave to
// signed posts) and then gets an Auth-Key header; refusals are 403/503 and store nothing.
Response answer_slave_post(const protocol::FormFields& form, const SlavePost& post,
                           const SlaveEndpointOptions& options, spdlog::logger& log);

// The HTTP form of an answer: its status, Content-Type, its headers in order, its body.
Response to_response(const protocol::SlaveAnswer& answer);

// "bad_key": the answer's kind as a word, for logs.
std::string_view to_string(protocol::SlaveAnswerKind kind);

}  // namespace smokeping::web
