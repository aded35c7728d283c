#include "smokeping/daemon/slave_options.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>

namespace smokeping::daemon {

namespace {

// "90", "90s", "15m", "12h", "7d" in seconds.
std::optional<std::int64_t> parse_age(const std::string& text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || value < 1) return std::nullopt;
  std::string_view unit(end, text.data() + text.size() - end);
  std::int64_t factor = unit.empty() || unit == "s" ? 1
                        : unit == "m"               ? 60
                        : unit == "h"               ? 3600
                        : unit == "d"               ? 86400
                                                    : 0;
  if (factor == 0 || value > INT64_MAX / factor) return std::nullopt;
  return value * factor;
}

// "1000000", "500K", "64M", "1G" in bytes (powers of 1024).
std::optional<std::uint64_t> parse_size(const std::string& text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || value < 1) return std::nullopt;
  std::string_view unit(end, text.data() + text.size() - end);
  int shift = unit.empty()                 ? 0
              : unit == "K" || unit == "k" ? 10
              : unit == "M"                ? 20
              : unit == "G"                ? 30
                                           : -1;
  if (shift < 0 || value > (UINT64_MAX >> shift)) return std::nullopt;
  return value << shift;
}

std::string host_name() {
  char buf[256] = "";
  if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

bool is_http_url(const std::string& url) {
  auto starts = [&](std::string_view scheme) {
    if (url.size() <= scheme.size()) return false;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
    }
    return true;
  };
  return starts("http://") || starts("https://");
}

}  // namespace

void apply_environment(Options& options, const EnvLookup& getenv) {
  auto fill = [&](std::optional<std::string>& field, const char* name) {
    if (field) return;
    const char* value = getenv(name);
    if (value && *value) field = value;
  };
  fill(options.master_url, "SMOKEPING_MASTER_URL");
  fill(options.shared_secret, "SMOKEPING_SHARED_SECRET");
  fill(options.slave_name, "SMOKEPING_SLAVE_NAME");
  fill(options.cache_dir, "SMOKEPING_CACHE_DIR");
  fill(options.pid_dir, "SMOKEPING_PID_DIR");
}

SlaveSettingsResult slave_settings(const Options& options) {
  SlaveSettingsResult result;
  auto refuse = [&](std::string error) {
    result.error = std::move(error);
    return std::move(result);
  };
  if (!options.cache_dir) return refuse("no cache-dir defined along with master-url");
  struct stat st {};
  if (::stat(options.cache_dir->c_str(), &st) != 0) {
    return refuse(fmt::format("no cache-dir ({}): {}", *options.cache_dir, std::strerror(errno)));
  }
  if (!S_ISDIR(st.st_mode)) {
    return refuse(fmt::format("no cache-dir ({}): {}", *options.cache_dir, std::strerror(ENOTDIR)));
  }
  if (!options.shared_secret) return refuse("no shared-secret defined along with master-url");
  if (!options.master_url || !is_http_url(*options.master_url)) {
    return refuse(fmt::format("master-url '{}' is not an http:// or https:// URL",
                              options.master_url ? *options.master_url : ""));
  }

  SlaveSettings s;
  s.http.url = *options.master_url;
  s.http.ca_file = options.ca_file;
  s.http.client_cert = options.client_cert;
  s.http.client_key = options.client_key;
  s.http.follow_redirects = options.follow_redirects;
  s.cache_dir = *options.cache_dir;
  s.secret_file = *options.shared_secret;
  s.slave_name = options.slave_name ? *options.slave_name : host_name();
  s.pid_dir = options.pid_dir ? *options.pid_dir : s.cache_dir;
  if (s.slave_name.empty() || s.slave_name.find_first_of(" \t\r\n") != std::string::npos) {
    return refuse(fmt::format("slave-name '{}' is empty or holds whitespace", s.slave_name));
  }
  if (options.pid_dir) {
    int error = ::stat(s.pid_dir.c_str(), &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    if (error) return refuse(fmt::format("no pid-dir ({}): {}", s.pid_dir, std::strerror(error)));
  }
  for (const auto& [value, name] :
       {std::pair{&options.ca_file, "ca-file"}, std::pair{&options.client_cert, "client-cert"},
        std::pair{&options.client_key, "client-key"}}) {
    if (*value && ::access((*value)->c_str(), R_OK) != 0) {
      return refuse(fmt::format("{} ({}): {}", name, **value, std::strerror(errno)));
    }
  }
  if (options.max_cache_age) {
    auto age = parse_age(*options.max_cache_age);
    if (!age) {
      return refuse(
          fmt::format("max-cache-age '{}' is not a positive number of seconds (or with m, h, d)",
                      *options.max_cache_age));
    }
    s.limits.max_age = std::chrono::seconds(*age);
  }
  if (options.max_cache_size) {
    auto size = parse_size(*options.max_cache_size);
    if (!size) {
      return refuse(
          fmt::format("max-cache-size '{}' is not a positive number of bytes (or with K, M, G)",
                      *options.max_cache_size));
    }
    s.limits.max_bytes = *size;
  }
  result.settings = std::move(s);
  return result;
}

}  // namespace smokeping::daemon
