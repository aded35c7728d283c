#include "src/core/detail/reopenable_file_sink.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace smokeping::core::detail {

namespace {

std::FILE* open_for_append(const std::string& path) {
  // "e": close-on-exec, so probes and mailers started by the daemon do not inherit it.
  return std::fopen(path.c_str(), "ae");
}

}  // namespace

ReopenableFileSink::ReopenableFileSink(std::string path) : path_(std::move(path)) {
  file_ = open_for_append(path_);
  if (!file_) throw std::runtime_error(std::strerror(errno));
}

ReopenableFileSink::~ReopenableFileSink() {
  if (file_) std::fclose(file_);
}

std::string ReopenableFileSink::reopen() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::FILE* fresh = open_for_append(path_);
  if (!fresh) return std::strerror(errno);
  std::fclose(file_);
  file_ = fresh;
  return {};
}

void ReopenableFileSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t formatted;
  formatter_->format(msg, formatted);
  std::fwrite(formatted.data(), 1, formatted.size(), file_);
}

void ReopenableFileSink::flush_() { std::fflush(file_); }

}  // namespace smokeping::core::detail
