// A syslog sink for spdlog that sends every line with one priority, as the original did with
// `syslogpriority` (spdlog's own syslog sink maps each level to its own priority).
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <functional>
#include <mutex>
#include <string_view>

#include "smokeping/core/syslog_settings.hpp"

namespace smokeping::core::detail {

// Hands one finished line to syslog; tests put a recorder in its place.
using SyslogEmit = std::function<void(int priority, std::string_view line)>;

// syslog(3) under the identity "smokeping" with the pid, as openlog(3) was set up by
// open_system_syslog().
void emit_to_system_syslog(int priority, std::string_view line);
void open_system_syslog(const SyslogSettings& settings);

class SyslogLineSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  SyslogLineSink(int priority, SyslogEmit emit) : priority_(priority), emit_(std::move(emit)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    emit_(priority_, std::string_view(msg.payload.data(), msg.payload.size()));
  }
  void flush_() override {}

 private:
  int priority_;
  SyslogEmit emit_;
};

}  // namespace smokeping::core::detail
