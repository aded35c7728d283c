#include "smokeping/web/config_cache.hpp"

#include <sys/stat.h>

#include <exception>

#include "smokeping/config/config_error.hpp"
#include "smokeping/core/build_info.hpp"
#include "smokeping/protocol/submission.hpp"

namespace smokeping::web {
namespace {

bool not_older(const std::timespec& a, const std::timespec& b) {
  return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec >= b.tv_nsec);
}

std::timespec wall_now() {
  std::timespec t{};
  clock_gettime(CLOCK_REALTIME_COARSE, &t);  // the clock file times come from
  return t;
}

}  // namespace

std::string config_path_from(int argc, const char* const* argv, const char* env_value) {
  if (argc > 1 && argv[1] != nullptr && argv[1][0] != '\0') return argv[1];
  if (env_value != nullptr && env_value[0] != '\0') return env_value;
  return core::kDefaultConfig;
}

config::LoadOptions cgi_load_options() {
  config::LoadOptions options;
  options.env.check_paths = true;
  options.env.cgi_mode = true;
  options.load_checks = true;
  return options;
}

ConfigCache::ConfigCache(std::string path, config::LoadOptions options)
    : path_(std::move(path)), options_(options) {}

ConfigCache::FileStamp ConfigCache::stamp(const std::string& path) {
  FileStamp s;
  s.path = path;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    s.exists = true;
    s.dev = st.st_dev;
    s.ino = st.st_ino;
    s.size = st.st_size;
    s.mtime = st.st_mtim;
  }
  return s;
}

bool ConfigCache::changed() const {
  for (const FileStamp& old : stamps_) {
    FileStamp now = stamp(old.path);
    if (now.exists != old.exists || now.dev != old.dev || now.ino != old.ino ||
        now.size != old.size || now.mtime.tv_sec != old.mtime.tv_sec ||
        now.mtime.tv_nsec != old.mtime.tv_nsec)
      return true;
  }
  return false;
}

ConfigLookup ConfigCache::get(std::int64_t now) {
  if (loaded_ && !reload_next_ && !changed()) return {ConfigLookup::Event::cached, loaded_, {}};

  const bool replaced = loaded_ != nullptr || had_failure_;
  loaded_.reset();
  stamps_.clear();
  reload_next_ = false;
  const std::timespec started = wall_now();
  ConfigLookup lookup;
  try {
    auto config = config::load_config(path_, options_);
    for (const std::string& file : config->files) stamps_.push_back(stamp(file));
    if (config->files.empty()) stamps_.push_back(stamp(path_));
    for (const FileStamp& s : stamps_) reload_next_ |= !s.exists || not_older(s.mtime, started);
    auto loaded = std::make_shared<LoadedConfig>();
    loaded->config_last = protocol::newest_config_mtime(*config);
    loaded->config = std::move(config);
    loaded->loaded_at = now;
    loaded_ = std::move(loaded);
    had_failure_ = false;
    lookup.event = ConfigLookup::Event::loaded;
    lookup.loaded = loaded_;
    lookup.replaced = replaced;
    return lookup;
  } catch (const config::ConfigError& e) {
    lookup.error = "ERROR: " + e.located();
  } catch (const std::exception& e) {
    lookup.error = "ERROR: " + std::string(e.what());
  }
  stamps_.clear();
  had_failure_ = true;
  lookup.event = ConfigLookup::Event::failed;
  return lookup;
}

}  // namespace smokeping::web
