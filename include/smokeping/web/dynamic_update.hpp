// The DYNAMIC address update of smokeping.cgi (web-and-rrd.md §2.2 item 2): a host whose
// config says `host = DYNAMIC/<md5_base64(secret)>` calls the CGI with `target` and `secret`,
// and its address (REMOTE_ADDR) is kept in `<dyndir>/<path>.adr`, where the daemon reads it
// before each round. The original crashes on every such request since Perl 5.28 (its `.adr`
// file handle collides with a directory handle); this is the behaviour it meant to have.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/web/http.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::web {

// Whether the form asks for an address update: `secret` and `target` are both Perl-true
// (present, not empty, not "0"). The slave protocol is decided before this.
bool is_dynamic_update(const protocol::FormFields& form);

// The node an update names, or why it may not be updated, before any file is touched.
struct DynamicTarget {
  const config::TargetNode* node = nullptr;  // set when allowed
  std::vector<std::string> path;             // the node's names from the root, as checked
  std::string error;  // "Error: Unknown target <name>" or "Error: Invalid target or secret"
};

// Splits `target` at dots (trailing empty parts dropped, as Perl's split does), replaces each
// of <>%&'"; in a part with '_', and walks the Targets tree; every part must name a child
// section. The node's host must then equal "DYNAMIC/" + md5_base64(secret) (constant-time).
DynamicTarget find_dynamic_target(const config::Config& config, std::string_view target,
                                  std::string_view secret);

struct DynamicUpdate {
  const config::Config& config;
  std::string_view target;       // the `target` field: a dotted node path
  std::string_view secret;       // the `secret` field; never logged
  std::string_view remote_addr;  // REMOTE_ADDR: the address to keep
  // Where the host's SNMP agent is asked (the original's SNMP_util defaults; tests change it).
  std::uint16_t snmp_port = 161;
  std::chrono::milliseconds snmp_timeout{1000};  // per attempt; one retry
};

// Checks the update and records the address: creates missing directories below dyndir (0755),
// asks the client's SNMP agent (community public) for sysContact/sysName/sysLocation, writes
// "<addr>\n" to <path>.adr (through .adr.new, fsync, rename) only when the file holds another
// address, and writes the SNMP answer (joined by '/', whitespace removed) to <path>.snmp the
// same way, or removes <path>.snmp when there is none. Blocks up to 2 * snmp_timeout for a
// client without an agent, as the original does. Success: 200 with an empty text/html body.
// A refusal: 404 with "<p>Updating DYNAMIC address failed: <error></p>\n", nothing written.
// Logs every update (info) and every refusal (warning), never the secret.
Response answer_dynamic_update(const DynamicUpdate& update, spdlog::logger& log);

}  // namespace smokeping::web
