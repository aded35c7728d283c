// Whether an alert matches a target's history, with the original's semantics: classic loss/rtt
// patterns as the code the original compiles from them behaves, and the matcher modules
// (Avgratio, Medratio, Median, CheckLatency, CheckLoss, ExpLoss, ConsecutiveLoss).
#pragma once

#include <string_view>

#include "smokeping/alerts/history.hpp"
#include "smokeping/config/model.hpp"

namespace smokeping::alerts {

// The "match" value the original adds to an alert's `prevmatch`: 0 is no match; a matcher that
// keeps its state returns the previous count, so the value can be larger than 1.
using Match = long;

// A classic pattern against the series of its type (loss or rtt); 1 or 0.
Match match_classic(const config::ClassicPattern& pattern, config::AlertType type,
                    const Series& series);

// A matcher call against the history. `prevmatch` is the alert's count so far for this
// target; `alert_name` matters because CheckLoss, CheckLatency and ConsecutiveLoss index the
// history relative to Perl's `$_`, which is the alert's name at that point (numerically 0
// unless the name starts with a number).
Match match_matcher(const config::CallSpec& call, const History& history, Match prevmatch,
                    std::string_view alert_name);

// Dispatches on the alert's type.
Match match_alert(const config::Alert& alert, const History& history, Match prevmatch);

}  // namespace smokeping::alerts
