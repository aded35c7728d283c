// One alert decision to be sent: everything the notifiers need, already formatted the way the
// original formats it, so sending needs neither the config nor the history.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smokeping::alerts {

struct Event {
  std::string alert;  // the alert's name
  std::string what;   // "was raised", "was cleared" or "is active"
  bool edgetrigger = false;
  std::string line;  // "Local.LocalMachine", plus " [from SLAVE]" for a slave's data
  std::string url;   // cgiurl?target=Local.LocalMachine
  std::string loss;  // "loss: S, 0%, 50%"
  std::string rtt;   // "rtt: S, 1ms, U"
  std::string host;  // the target's `host`
  std::string comment, pattern;
  std::string mailtemplate;  // "" for the built-in mail
  std::string from;          // Alerts `from`
  // Alerts `to`, the node's `alertee` and the alert's `to`, split at commas, in that order:
  // "|/path/prog", "snpp:...", "xmpp:..." or a mail address.
  std::vector<std::string> recipients;
  std::int64_t time = 0;  // when it was decided (epoch seconds)
  bool operator==(const Event&) const = default;

  bool raised() const { return what == "was raised"; }
};

}  // namespace smokeping::alerts
