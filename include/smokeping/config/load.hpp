// Reading a config file into the typed model: parse (grammar), build, then the checks the
// original makes when it loads a config (config.md §6.9).
#pragma once

#include <memory>
#include <string>

#include "smokeping/config/config_error.hpp"
#include "smokeping/config/model.hpp"
#include "smokeping/config/value_check.hpp"

namespace smokeping::config {

struct LoadOptions {
  CheckEnv env;
  // Also run the load-time checks (alert patterns, sorters, alert/slave/hierarchy names).
  bool load_checks = true;
};

// Parses `path` and everything it includes; throws ConfigError on the first error.
std::unique_ptr<RawSection> parse_file(const std::string& path, const CheckEnv& env,
                                       std::vector<std::string>* files_read = nullptr);

// Parses and builds the typed config; throws ConfigError.
std::shared_ptr<const Config> load_config(const std::string& path, const LoadOptions& options = {});

// Builds the typed config from a tree that was not read from a file: the config a slave got
// from its master. `origin` (the master's URL) becomes Config::file and names the tree in
// errors. Whatever the tree says, the result can run: every probe has a step and pings of at
// least 1 and every target with a host has a probe; ConfigError otherwise. `load_checks`
// adds the master's load-time checks, which a slave's tree fails by design (its targets name
// slaves and alerts its config has no sections for), so a slave passes false.
std::shared_ptr<const Config> build_config(std::shared_ptr<RawSection> raw,
                                           const std::string& origin, const LoadOptions& options);

// The text `--check` prints on success, as the original words it.
std::string check_success_text(const std::string& path);

}  // namespace smokeping::config
