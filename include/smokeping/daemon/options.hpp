// The `smokeping` command line, with the original's option names (master-slave.md §7.1).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace smokeping::daemon {

struct Options {
  std::string config;  // --config, or the built-in default
  bool check = false, debug = false, debug_daemon = false, nodaemon = false, nosleep = false;
  bool reload = false, restart = false, email = false, version = false, help = false;
  std::optional<std::string> logfile, static_pages, man, makepod;
  std::optional<std::string> gen_examples;  // --gen-examples[=DIR]; "" when DIR is not given
  std::optional<std::string> master_url, cache_dir, shared_secret, slave_name, pid_dir;
  // Ours, for a slave: TLS trust and client certificate, redirects of the POST, spool bounds.
  std::optional<std::string> ca_file, client_cert, client_key, max_cache_age, max_cache_size;
  bool follow_redirects = false;
  std::optional<std::string> user;       // ours: run as this user, keeping only CAP_NET_RAW
  std::optional<std::string> rrdcached;  // ours: like RRDCACHED_ADDRESS
  std::vector<std::string> filters;
  std::vector<std::string> given;  // canonical names of the options given, in order

  bool slave_mode() const { return master_url.has_value(); }
  bool has(const std::string& name) const;
};

// A command line we cannot use; `what()` says why. The caller prints usage and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Getopt::Long's habits are kept: `-opt` equals `--opt`, names are case-insensitive, unique
// abbreviations work, and `--opt=value` equals `--opt value`. An abbreviation the original
// accepted keeps its meaning there (`--ca` is --cache-dir, `--f` is --filter) although ours
// has more options; our own options answer to their full names and to prefixes that are
// unique among all options and no abbreviation of the original's.
Options parse_command_line(int argc, const char* const* argv);

// One line per option, for --help.
std::string usage_text(const std::string& program);

}  // namespace smokeping::daemon
