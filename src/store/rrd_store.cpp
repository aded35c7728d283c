// Creating, checking and updating the RRD files through librrd (web-and-rrd.md §1.3-§1.5).
#include "smokeping/store/rrd_store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "src/store/detail/rrd_check.hpp"
#include "src/store/detail/rrd_lib.hpp"

namespace smokeping::store {

namespace {

bool is_regular_file(const std::string& path) {
  struct stat st {};
  // stat, not lstat: Perl's -f follows symlinks.
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// mkdir -p of the file's directory, each new level 0755 (less the umask) as the original's
// `mkdir $name, 0755`; the error reads as the original's die().
std::optional<std::string> make_parent_dirs(const std::string& file) {
  size_t last = file.rfind('/');
  if (last == std::string::npos || last == 0) return std::nullopt;
  const std::string dir = file.substr(0, last);
  for (size_t at = dir.find('/', 1);; at = dir.find('/', at + 1)) {
    std::string prefix = dir.substr(0, at);
    // Like the original's `mkdir $name unless -d $name`, a plain file in the way is an error
    // ("File exists"); EEXIST from a directory made meanwhile is not.
    if (!prefix.empty() && !is_directory(prefix) && ::mkdir(prefix.c_str(), 0755) != 0) {
      int error = errno;
      if (!(error == EEXIST && is_directory(prefix)))
        return fmt::format("ERROR: mkdir {}: {}", prefix, std::strerror(error));
    }
    if (at == std::string::npos) break;
  }
  return std::nullopt;
}

// Through rrdcached the file is made by the cache daemon, perhaps on another host: its
// absence here says nothing.
bool created_elsewhere() {
  const char* address = std::getenv("RRDCACHED_ADDRESS");
  return address != nullptr && *address != '\0';
}

// librrd 1.7 writes a new file under a temporary name and renames it; when a write fails
// (ENOSPC, EFBIG) it removes the temporary file and reports the failure without an error
// text (rrdtool even exits 0). No partial file is left, but the log must say what happened.
std::string missing_after_create(const std::string& file) {
  std::string dir = file.substr(0, file.rfind('/') + 1);
  struct statvfs fs {};
  if (!dir.empty() && ::statvfs(dir.c_str(), &fs) == 0) {
    return fmt::format("librrd wrote no file and gave no reason (disk full? {} bytes free in {})",
                       static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize, dir);
  }
  return "librrd wrote no file and gave no reason (disk full?)";
}

// librrd's refusal of a row at or before the file's last update, directly or through
// rrdcached: "illegal attempt to update using time T when last update time is L (minimum one
// second step)".
bool is_not_newer(const std::string& error) {
  return error.find("illegal attempt to update using time") != std::string::npos ||
         error.find("minimum one second step") != std::string::npos;
}

}  // namespace

RrdStore::RrdStore(std::shared_ptr<spdlog::logger> log) : log_(std::move(log)) {}

std::optional<std::string> RrdStore::prepare(const RrdSpec& spec, std::int64_t now) {
  if (is_regular_file(spec.path)) return check_existing_(spec);
  if (auto error = make_parent_dirs(spec.path)) return fatal_(*error);
  std::vector<std::string> args = create_args(spec, now);
  args.insert(args.begin(), spec.path);
  std::optional<std::string> error = detail::rrd_run(detail::RrdVerb::create, args);
  if ((!error || *error == detail::kNoErrorText) && !created_elsewhere() &&
      !is_regular_file(spec.path))
    error = missing_after_create(spec.path);
  // Logged, not fatal, as in the original: the updates of this file will fail and log too.
  if (error) log_->error("rrd create failed file={} err={}", spec.path, *error);
  return std::nullopt;
}

std::optional<std::string> RrdStore::verify(const RrdSpec& spec) {
  if (!is_regular_file(spec.path)) return std::nullopt;
  return check_existing_(spec);
}

std::optional<std::string> RrdStore::check_existing_(const RrdSpec& spec) {
  detail::Inspection inspection = detail::inspect(spec);
  if (!inspection.read_error.empty()) return fatal_(inspection.read_error);
  const detail::Comparison& comparison = inspection.comparison;
  if (comparison.fatal) {
    return fatal_(fmt::format(
        "Error: RRD parameter mismatch ('{}'). You must delete {} or fix the configuration "
        "parameters.",
        comparison.text, spec.path));
  }
  // The original's own words (stderr there), since users grep for them.
  if (!comparison.text.empty())
    log_->warn("Warning: RRD parameter mismatch('{}'). Continuing anyway.", comparison.text);
  for (const auto& tune : detail::ds_tunes(spec.path, *inspection.layout, *inspection.create)) {
    log_->warn("{}", tune.message);
    if (auto error = detail::rrd_run(detail::RrdVerb::tune, {spec.path, tune.option, tune.value}))
      log_->warn("rrd tune failed file={} err={}", spec.path, *error);
  }
  return std::nullopt;
}

// The original's die() texts, word for word: they name the file and users search for them.
std::string RrdStore::fatal_(std::string text) {
  log_->error("{}", text);
  return text;
}

bool RrdStore::exists(const RrdSpec& spec) const {
  return created_elsewhere() || is_regular_file(spec.path);
}

bool RrdStore::update(const RrdSpec& spec, std::int64_t time, const std::string& values,
                      bool quiet_when_not_newer) {
  std::vector<std::string> args = {spec.path, "--template", detail::template_arg(spec.pings),
                                   fmt::format("{}:{}", time, values)};
  if (auto error = detail::rrd_run(detail::RrdVerb::update, args)) {
    bool quiet = quiet_when_not_newer && is_not_newer(*error);
    log_->log(quiet ? spdlog::level::debug : spdlog::level::warn,
              "rrd update failed file={} err={}", spec.path, *error);
    return false;
  }
  return true;
}

}  // namespace smokeping::store
