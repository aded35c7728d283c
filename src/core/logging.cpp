#include "smokeping/core/logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>
#include <syslog.h>

#include <map>
#include <stdexcept>

namespace smokeping::core {

namespace {

int syslog_facility(const std::string& name) {
  static const std::map<std::string, int> kFacilities = {
      {"daemon", LOG_DAEMON}, {"user", LOG_USER},     {"local0", LOG_LOCAL0},
      {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
      {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6},
      {"local7", LOG_LOCAL7}};
  auto it = kFacilities.find(name);
  if (it == kFacilities.end()) throw std::runtime_error("unknown syslog facility '" + name + "'");
  return it->second;
}

}  // namespace

std::shared_ptr<spdlog::logger> make_logger(const LogSetup& setup) {
  std::vector<spdlog::sink_ptr> sinks;
  if (setup.to_stderr) sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (setup.file) {
    try {
      sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(*setup.file, false));
    } catch (const spdlog::spdlog_ex& e) {
      throw std::runtime_error("cannot open log file " + *setup.file + ": " + e.what());
    }
  }
  if (setup.facility) {
    sinks.push_back(std::make_shared<spdlog::sinks::syslog_sink_mt>(
        "smokeping", LOG_PID, syslog_facility(*setup.facility), false));
  }
  auto log = std::make_shared<spdlog::logger>("smokeping", sinks.begin(), sinks.end());
  log->set_level(setup.debug ? spdlog::level::debug : spdlog::level::info);
  log->flush_on(spdlog::level::info);
  return log;
}

std::shared_ptr<spdlog::logger> child_logger(const std::shared_ptr<spdlog::logger>& parent,
                                             const std::string& name) {
  return parent->clone(name);
}

}  // namespace smokeping::core
