#include "smokeping/daemon/target_updates.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <filesystem>

namespace smokeping::daemon {

namespace {

std::optional<std::int64_t> decimal_time(const std::string& text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < 0) return std::nullopt;
  return value;
}

// A permission error, said once per directory with what the directory needs; other failures
// (and every repeat when there is no DeniedDirs) keep the per-file error line.
void log_failed_take(const std::string& file, const protocol::CacheTake& taken, DeniedDirs* denied,
                     spdlog::logger& log) {
  const bool permission = taken.error_number == EACCES || taken.error_number == EPERM;
  if (!permission) {
    log.error("slave cache not read file={} error={}", file, taken.error);
    return;
  }
  const std::string dir = std::filesystem::path(file).parent_path().string();
  if (denied && !denied->first_denial(dir)) {
    log.debug("slave cache not read file={} error={}", file, taken.error);
    return;
  }
  log.error(
      "slave cache directory not writable by the daemon, slave rows below it are not merged "
      "dir={} uid={} gid={} error={} fix=\"the daemon's user or group needs write and search "
      "permission on dir (packaged: chown www-data:smokeping, chmod 2775)\"",
      dir, ::geteuid(), ::getegid(), taken.error);
}

}  // namespace

bool DeniedDirs::first_denial(const std::string& dir) {
  std::lock_guard lock(mutex_);
  return dirs_.insert(dir).second;
}

bool DeniedDirs::allowed_again(const std::string& dir) {
  std::lock_guard lock(mutex_);
  return dirs_.erase(dir) > 0;
}

std::vector<TargetUpdate> target_updates(const config::TargetNode& node,
                                         std::optional<TargetUpdate> master_row,
                                         const std::string& cache_dir, const CacheTaker& take,
                                         spdlog::logger& log, std::vector<std::string>* taken_files,
                                         DeniedDirs* denied) {
  std::vector<TargetUpdate> rows;
  if (master_row) rows.push_back(std::move(*master_row));
  std::string path = "/" + node.rel_path();
  for (const auto& slave : node.slaves) {
    std::string file = protocol::slave_cache_file(cache_dir, path, slave);
    protocol::CacheTake taken = take(file);
    switch (taken.status) {
      case protocol::CacheTake::Status::missing:
        continue;
      case protocol::CacheTake::Status::corrupt:
        log.warn("slave cache unreadable file={} moved_to={} error={}", file, taken.quarantined,
                 taken.error);
        continue;
      case protocol::CacheTake::Status::failed:
        log_failed_take(file, taken, denied, log);
        continue;
      case protocol::CacheTake::Status::taken:
        break;
    }
    if (denied && denied->allowed_again(std::filesystem::path(file).parent_path().string())) {
      log.info("slave cache directory writable again dir={}",
               std::filesystem::path(file).parent_path().string());
    }
    if (taken_files) taken_files->push_back(file);
    if (!taken.error.empty()) {
      log.warn("slave cache leftover unreadable file={} moved_to={} error={}", file,
               taken.quarantined, taken.error);
    }
    if (taken.replayed > 0) {
      log.info("slave cache rows of an unconfirmed take replayed file={} rows={}", file,
               taken.replayed);
    }
    if (taken.skipped > 0) {
      log.warn("slave cache entries malformed file={} skipped={}", file, taken.skipped);
    }
    for (std::size_t i = 0; i < taken.entries.size(); ++i) {
      auto& entry = taken.entries[i];
      std::optional<std::int64_t> time = decimal_time(entry.time);
      if (!time) {
        log.warn("slave update dropped target={} slave={} reason=\"time is not a number\"", path,
                 slave);
        continue;
      }
      // The cache names the slave again; the file name is what the CGI authenticated.
      rows.push_back(TargetUpdate{slave, *time, std::move(entry.update), i < taken.replayed});
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const TargetUpdate& a, const TargetUpdate& b) { return a.time < b.time; });
  return rows;
}

}  // namespace smokeping::daemon
