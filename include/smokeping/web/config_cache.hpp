// The config as smokeping.cgi sees it: found from argv, the environment or the built-in path,
// loaded once per process and loaded again before the first request after one of its files
// changed. A plain CGI process loads it for its one request; a FastCGI process keeps it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "smokeping/config/load.hpp"
#include "smokeping/config/model.hpp"

namespace smokeping::web {

// argv[1] when given (Debian's wrapper runs `smokeping.cgi /etc/smokeping/config`), else
// `env_value` (the variable SMOKEPING_CONFIG) when set and not empty, else the built-in default
// (core::kDefaultConfig).
std::string config_path_from(int argc, const char* const* argv, const char* env_value);

// How the CGI loads: with the load-time checks, in CGI mode (probe binaries are not run, no
// host is resolved), directories and files checked as the daemon checks them.
config::LoadOptions cgi_load_options();

struct LoadedConfig {
  std::shared_ptr<const config::Config> config;
  std::int64_t config_last = 0;  // protocol::newest_config_mtime at load: the slaves' __last
  std::int64_t loaded_at = 0;    // wall clock (Unix seconds) of the load
};

struct ConfigLookup {
  enum class Event { cached, loaded, failed };
  Event event = Event::cached;
  std::shared_ptr<const LoadedConfig> loaded;  // null when the load failed
  // When failed: the original's words, "ERROR: <file>, line <n>: <message>".
  std::string error;
  bool replaced = false;  // loaded, and an earlier config (or failure) went before it
};

class ConfigCache {
 public:
  explicit ConfigCache(std::string path, config::LoadOptions options = cgi_load_options());

  // The config for a request at `now`: loaded on the first call, after a failed load, and
  // when any file it was read from changed (modification time, size or inode) or is gone.
  // A config that fails to load is not kept: the next call tries again. Never throws for a
  // bad or unreadable config.
  ConfigLookup get(std::int64_t now);

  const std::string& path() const { return path_; }

 private:
  struct FileStamp {
    std::string path;
    bool exists = false;
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = 0;
    std::timespec mtime{};
  };
  static FileStamp stamp(const std::string& path);
  bool changed() const;

  std::string path_;
  config::LoadOptions options_;
  std::shared_ptr<const LoadedConfig> loaded_;
  std::vector<FileStamp> stamps_;
  bool had_failure_ = false;
  // A file was modified while it was being parsed (its mtime is not older than the start of
  // the load): the next request loads again rather than trust what was read.
  bool reload_next_ = false;
};

}  // namespace smokeping::web
