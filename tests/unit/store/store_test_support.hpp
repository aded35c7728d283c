// Shared by the store tests: a scratch directory, a logger whose lines can be asserted, the
// Debian RRA table, and `rrdtool info` as the CLI prints it (read through librrd directly, so
// the checks do not depend on the code under test).
#pragma once

#include <rrd.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "smokeping/store/rrd_store.hpp"

namespace smokeping::store::test {

class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "sp-store-test-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = templ;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path(const std::string& rel) const { return (root_ / rel).string(); }

 private:
  std::filesystem::path root_;
};

// A logger writing "level message" lines into a string.
class CapturedLog {
 public:
  CapturedLog() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    sink->set_pattern("%l %v");
    logger_ = std::make_shared<spdlog::logger>("store", sink);
    logger_->set_level(spdlog::level::trace);
  }
  std::shared_ptr<spdlog::logger> logger() const { return logger_; }
  std::string text() const {
    logger_->flush();
    return out_.str();
  }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> logger_;
};

// *** Database *** of Debian's config.
inline std::vector<config::Rra> debian_rras() {
  return {{"AVERAGE", 0.5, 1, 1008}, {"AVERAGE", 0.5, 12, 4320}, {"MIN", 0.5, 12, 4320},
          {"MAX", 0.5, 12, 4320},    {"AVERAGE", 0.5, 144, 720}, {"MAX", 0.5, 144, 720},
          {"MIN", 0.5, 144, 720}};
}

inline RrdSpec debian_spec(const std::string& path, long step = 300, int pings = 5) {
  return RrdSpec{path, step, pings, debian_rras()};
}

// key -> value exactly as `rrdtool info` prints it.
inline std::map<std::string, std::string> rrd_info_lines(const std::string& path) {
  std::map<std::string, std::string> out;
  rrd_clear_error();
  rrd_info_t* info = rrd_info_r(path.c_str());
  if (info == nullptr) throw std::runtime_error(std::string("rrd_info_r: ") + rrd_get_error());
  char buffer[64];
  for (rrd_info_t* e = info; e; e = e->next) {
    switch (e->type) {
      case RD_I_VAL:
        if (std::isnan(e->value.u_val)) {
          out[e->key] = "NaN";
        } else {
          std::snprintf(buffer, sizeof buffer, "%0.10e", e->value.u_val);
          out[e->key] = buffer;
        }
        break;
      case RD_I_CNT:
        out[e->key] = std::to_string(e->value.u_cnt);
        break;
      case RD_I_STR:
        out[e->key] = std::string("\"") + e->value.u_str + "\"";
        break;
      case RD_I_INT:
        out[e->key] = std::to_string(e->value.u_int);
        break;
      case RD_I_BLO:
        break;
    }
  }
  rrd_info_free(info);
  return out;
}

}  // namespace smokeping::store::test
