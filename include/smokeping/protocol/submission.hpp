// The master's answer to a slave's post (master-slave.md §3.2): a pure decision from the
// decoded form, the config, the secrets file and the clock. The caller stores
// `lines_to_store` (slave_cache.hpp) before it sends the answer, and sends
// answer_store_failed() instead when that fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/protocol/secrets_file.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/protocol/submission_lines.hpp"

namespace smokeping::protocol {

// Each case of §3.2, in the order they are checked, and our own refusals before them.
enum class SlaveAnswerKind {
  body_too_large,    // ours: 413, before any check
  malformed_form,    // ours: 400 (CGI.pm dies with a 500 here)
  secrets_unusable,  // #1 (ours: 500, and also for a file with group/world bits or owner)
  no_secret,         // #2 (ours: 403)
  wrong_protocol,    // #3
  unknown_slave,     // #4 (ours: 403)
  bad_key,           // #5 (ours: 403)
  new_config,        // #7: the data were stored and a config goes back
  no_targets,        // #8: the data were stored, but no target is assigned to the slave
  ok,                // #9
  store_failed,      // ours: 503 when the caller could not store the lines
  auth_refused,      // ours: 403/503, refused by the signed protocol (docs/protocol-auth.md)
};

struct SlaveAnswer {
  SlaveAnswerKind kind = SlaveAnswerKind::ok;
  int status = 200;
  std::string content_type = "text/plain";
  // Headers after Content-Type, in order: Protocol and Key for a config; ours may add
  // X-Smokeping-Refused.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Authenticated and checked lines; empty unless the post got past check #5.
  std::vector<DataLine> lines_to_store;
  std::vector<RefusedLine> refused;
  std::size_t lines_posted = 0;
  // For the log, when the kind alone does not say why (auth_refused): never a secret or key.
  std::string log_reason;
};

// The config text (§4) for `slave` with `__last` = `last`, or nullopt when no target is
// assigned to the slave.
using SlaveConfigFn = std::function<std::optional<std::string>(
    const config::Config& config, const std::string& slave, std::int64_t last)>;

struct AnswerContext {
  const config::Config& config;
  // Loaded for this request from config.slaves->secrets (a config without a Slaves section:
  // MasterSecrets::load(""), which answers as the original does, "Opening secrets file : ...").
  const MasterSecrets& secrets;
  std::int64_t config_last = 0;  // newest_config_mtime(config), as loaded
  std::int64_t now = 0;          // the master's clock
  std::int64_t max_future_skew = 60;
  SlaveConfigFn slave_config;
};

// The answer to a form for which is_slave_request() holds.
SlaveAnswer answer_slave(const FormFields& form, const AnswerContext& context);

// The answer when decode_form() failed: 413 or 400, nothing stored.
SlaveAnswer answer_form_error(const FormResult& form);

// The answer when the lines of an authenticated post could not be stored: 503, so the slave
// keeps its data and posts them again (the original answers OK and loses them, §12 W6).
SlaveAnswer answer_store_failed(std::string_view slave);

// What the master knows about `path` for `slave`: a node with a host (not a multi-host graph)
// whose `slaves` list has `slave` as one of its whitespace-separated names (exact match, not
// the original's /\b<slave>\b/ regex, §12 W10).
TargetCheck check_target(const config::Config& config, std::string_view slave,
                         std::string_view path);

// The config's `__last`: the newest mtime of the main file and of every file it includes, so
// that an edit in an included file reaches the slaves too (the original looks at the main
// file only, §12 W12). Files that can no longer be stat'ed are skipped.
std::int64_t newest_config_mtime(const config::Config& config);

}  // namespace smokeping::protocol
