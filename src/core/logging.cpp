#include "smokeping/core/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <stdexcept>

#include "smokeping/core/syslog_settings.hpp"
#include "src/core/detail/reopenable_file_sink.hpp"
#include "src/core/detail/syslog_line_sink.hpp"

namespace smokeping::core {

namespace {

// Every log file make_logger opened, for reopen_log_files(); expired entries are dropped.
struct OpenLogFiles {
  std::mutex mutex;
  std::vector<std::weak_ptr<detail::ReopenableFileSink>> sinks;
};

OpenLogFiles& open_log_files() {
  static OpenLogFiles files;
  return files;
}

}  // namespace

std::shared_ptr<spdlog::logger> make_logger(const LogSetup& setup) {
  std::vector<spdlog::sink_ptr> sinks;
  if (setup.to_stderr) sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (setup.file) {
    std::shared_ptr<detail::ReopenableFileSink> sink;
    try {
      sink = std::make_shared<detail::ReopenableFileSink>(*setup.file);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("cannot open log file " + *setup.file + ": " + e.what());
    }
    auto& files = open_log_files();
    std::lock_guard<std::mutex> lock(files.mutex);
    std::erase_if(files.sinks, [](const auto& weak) { return weak.expired(); });
    files.sinks.push_back(sink);
    sinks.push_back(std::move(sink));
  }
  if (setup.facility) {
    SyslogSettingsResult syslog = syslog_settings(*setup.facility, setup.syslog_priority);
    if (!syslog.settings) throw std::runtime_error(syslog.error);
    detail::open_system_syslog(*syslog.settings);
    sinks.push_back(std::make_shared<detail::SyslogLineSink>(syslog.settings->priority,
                                                             detail::emit_to_system_syslog));
  }
  auto log = std::make_shared<spdlog::logger>("smokeping", sinks.begin(), sinks.end());
  log->set_level(setup.debug ? spdlog::level::debug : spdlog::level::info);
  log->flush_on(spdlog::level::info);
  return log;
}

std::vector<std::string> reopen_log_files() {
  std::vector<std::string> failures;
  auto& files = open_log_files();
  std::lock_guard<std::mutex> lock(files.mutex);
  for (const auto& weak : files.sinks) {
    if (auto sink = weak.lock()) {
      if (std::string reason = sink->reopen(); !reason.empty()) {
        failures.push_back(sink->path() + ": " + reason);
      }
    }
  }
  return failures;
}

std::shared_ptr<spdlog::logger> child_logger(const std::shared_ptr<spdlog::logger>& parent,
                                             const std::string& name) {
  return parent->clone(name);
}

}  // namespace smokeping::core
