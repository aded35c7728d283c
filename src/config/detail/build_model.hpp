// Turning the parsed tree into the typed model (private to the config module).
#pragma once

#include "smokeping/config/model.hpp"

namespace smokeping::config::detail {

// Fills `config` from `config.raw`. The tree passed the grammar, so values have their shape.
void build_model(Config& config);

// The checks the original makes when it loads a config (config.md §6.9); throws ConfigError.
void run_load_checks(Config& config);

// Seconds in a span such as "3h" or "1y".
std::chrono::seconds span_seconds(std::string_view span);

}  // namespace smokeping::config::detail
