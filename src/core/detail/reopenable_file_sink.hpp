// A file sink for spdlog that can reopen its file by name, so that logrotate can move the
// file away and the daemon (SIGHUP/SIGUSR1) continues in a fresh one.
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <mutex>
#include <string>

namespace smokeping::core::detail {

class ReopenableFileSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // Opens `path` for appending; throws std::runtime_error when it cannot.
  explicit ReopenableFileSink(std::string path);
  ~ReopenableFileSink() override;
  ReopenableFileSink(const ReopenableFileSink&) = delete;
  ReopenableFileSink& operator=(const ReopenableFileSink&) = delete;

  // Opens the path anew and switches to it. When that fails the old file stays in use and
  // the reason (errno text) is returned; an empty string means success.
  std::string reopen();
  const std::string& path() const { return path_; }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

}  // namespace smokeping::core::detail
