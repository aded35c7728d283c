// `smokeping --email`: each target written `host = DYNAMIC` gets a secret. The owner (the
// target's `email`, or the nearest ancestor's) is mailed the agent script holding it, and the
// config line becomes `host = DYNAMIC/<md5_base64 of the secret>` (config.md §6.3). A line is
// rewritten only after its mail left, so no secret is recorded that nobody received.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "smokeping/alerts/mail_delivery.hpp"
#include "smokeping/config/model.hpp"
#include "smokeping/core/source_loc.hpp"
#include "smokeping/daemon/options.hpp"

namespace smokeping::daemon {

struct DynamicTarget {
  std::string path;          // "World.Home": the names from the root joined with "."
  std::string email;         // own or inherited `email`; "" when no node above has one
  core::SourceLoc host_loc;  // where `host = DYNAMIC` is written
};

// The nodes below `targets` whose own `host` is exactly `DYNAMIC`, depth first in file order.
std::vector<DynamicTarget> dynamic_targets(const config::RawSection& targets);

struct EmailDynamicEnv {
  // Sends one whole message (headers included) to one address.
  std::function<alerts::MailDelivery(const std::string& from, const std::string& to,
                                     const std::string& message)>
      send;
  std::function<std::string()> make_secret;
};

// Does the work for every DYNAMIC target of `config`, reporting progress and errors on `err`
// as the original does ("Sending smoke-agent for PATH to EMAIL ... DONE"). Returns the exit
// status: 0 when every target with an address was mailed and recorded, else 1. A target
// without an address gets a warning and is left alone.
int email_dynamic(const config::Config& config, const EmailDynamicEnv& env, std::ostream& err);

// The whole of --email: loads the config, then email_dynamic with the configured mail path
// (mailhost, else sendmail) and random secrets.
int run_email_dynamic(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace smokeping::daemon
