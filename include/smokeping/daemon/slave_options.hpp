// What the slave needs from its command line and environment (master-slave.md §7.1), checked
// before anything starts.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "smokeping/daemon/options.hpp"
#include "smokeping/uplink/http_client.hpp"
#include "smokeping/uplink/spool.hpp"

namespace smokeping::daemon {

// Reads one environment variable; nullptr when unset (std::getenv's contract).
using EnvLookup = std::function<const char*(const char*)>;

// Fills what the command line left unset from SMOKEPING_MASTER_URL, SMOKEPING_SHARED_SECRET
// (the file's path, never the secret), SMOKEPING_SLAVE_NAME, SMOKEPING_CACHE_DIR and
// SMOKEPING_PID_DIR: a flag wins over the environment. An empty variable counts as unset.
// Values taken from the environment are not added to Options::given.
void apply_environment(Options& options, const EnvLookup& getenv);

struct SlaveSettings {
  uplink::HttpClientOptions http;  // url, TLS, redirects
  std::string cache_dir;
  std::string secret_file;
  std::string slave_name;  // --slave-name, else the host name
  std::string pid_dir;     // --pid-dir, else the cache dir
  uplink::SpoolLimits limits;
};

struct SlaveSettingsResult {
  std::optional<SlaveSettings> settings;
  std::string error;  // when not usable: the line to print after "ERROR: "
};

// Checks in the original's order and with its words where it has them: "no cache-dir defined
// along with master-url", "no cache-dir (DIR): <strerror>", "no shared-secret defined along
// with master-url"; then ours (an empty URL or one that is not http(s), bad bounds, a pid dir
// that is not a directory). The secret file itself is read later (read_slave_secret).
SlaveSettingsResult slave_settings(const Options& options);

}  // namespace smokeping::daemon
