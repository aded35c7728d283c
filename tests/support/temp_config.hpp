// Test support: a temporary directory holding everything a minimal valid SmokePing config
// needs (directories, smokemail, template, an executable fake fping), plus builders for the
// sections of such a config. Header-only; each TempConfig removes its directory when destroyed.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/load.hpp"
#include "smokeping/config/raw_tree.hpp"
#include "smokeping/config/value_check.hpp"

namespace smokeping::test {

// Checks that look at the machine are off: the values under test are what matters.
inline config::CheckEnv no_path_checks() {
  config::CheckEnv env;
  env.check_paths = false;
  return env;
}

class TempConfig {
 public:
  TempConfig() {
    std::string templ = (std::filesystem::temp_directory_path() / "sp-config-test-XXXXXX").string();
    std::vector<char> buffer(templ.begin(), templ.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = buffer.data();
    for (const char* dir : {"cache", "data", "run", "etc"})
      std::filesystem::create_directories(root_ / dir);
    write("smokemail", "Subject: smokeping\n\nhello\n");
    write("basepage.html", "<html><body><##body##></body></html>\n");
    write("fping", "#!/bin/sh\nexit 0\n");
    ::chmod(path("fping").c_str(), 0755);
    write("secrets", "boomer:secret\n");
    ::chmod(path("secrets").c_str(), 0600);
  }
  ~TempConfig() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  TempConfig(const TempConfig&) = delete;
  TempConfig& operator=(const TempConfig&) = delete;

  std::string root() const { return root_.string(); }
  std::string path(std::string_view rel) const { return (root_ / rel).string(); }

  // Writes `text` to ROOT/rel (creating directories) and returns the full path.
  std::string write(std::string_view rel, std::string_view text) const {
    std::filesystem::path p = root_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) throw std::runtime_error("cannot write " + p.string());
    return p.string();
  }

  // `text` with every "@ROOT@" replaced by the temporary directory.
  std::string expand(std::string_view text) const {
    std::string out(text);
    for (size_t at = out.find("@ROOT@"); at != std::string::npos; at = out.find("@ROOT@", at)) {
      out.replace(at, 6, root());
      at += root().size();
    }
    return out;
  }

  // `*** General ***` with every mandatory variable; `extra` lines are appended.
  std::string general(std::string_view extra = "") const {
    return "*** General ***\n"
           "owner = Tester\n"
           "contact = tester@example.org\n"
           "imgcache = " +
           path("cache") +
           "\n"
           "imgurl = cache\n"
           "datadir = " +
           path("data") +
           "\n"
           "piddir = " +
           path("run") +
           "\n"
           "smokemail = " +
           path("smokemail") +
           "\n"
           "cgiurl = http://127.0.0.1/smokeping.cgi\n" +
           std::string(extra);
  }

  static std::string database(
      std::string_view body = "step = 300\npings = 20\nAVERAGE 0.5 1 1008\n") {
    return "*** Database ***\n" + std::string(body);
  }

  // `*** Presentation ***` with overview and detail; `extra` is appended after the detail
  // rows (further `+` subsections such as multihost, hierarchies).
  std::string presentation(std::string_view extra = "",
                           std::string_view detail_rows = "\"Last 3 Hours\" 3h\n") const {
    return "*** Presentation ***\n"
           "template = " +
           path("basepage.html") +
           "\n"
           "+ overview\nwidth = 600\nheight = 50\n"
           "+ detail\nwidth = 600\nheight = 200\n" +
           std::string(detail_rows) + std::string(extra);
  }

  // `*** Probes ***` with `+ FPing` (binary: the fake fping); `more` adds further sections.
  std::string probes(std::string_view more = "") const {
    return "*** Probes ***\n+ FPing\nbinary = " + path("fping") + "\n" + std::string(more);
  }

  // General, Database and Presentation: everything before Probes.
  std::string head() const { return general() + database() + presentation(); }

  // A complete config: the default sections, `more_probes` after `+ FPing`, then `targets`.
  std::string config(std::string_view targets, std::string_view more_probes = "") const {
    return head() + probes(more_probes) + std::string(targets);
  }

  // A complete config: General with `general_extra`, Probes with `more_probes`, then `targets`.
  std::string config_with(std::string_view general_extra, std::string_view more_probes,
                          std::string_view targets) const {
    return general(general_extra) + database() + presentation() + probes(more_probes) +
           std::string(targets);
  }

  // The Targets top level used by most tests (probe FPing), without a trailing node.
  static std::string targets_top() {
    return "*** Targets ***\nprobe = FPing\nmenu = Top\ntitle = Top\n";
  }

  // A complete config whose last section is the node `+ Local`, with `body` as its lines.
  std::string with_local(std::string_view body) const {
    return config(targets_top() + "+ Local\n" + std::string(body));
  }

 private:
  std::filesystem::path root_;
};

// The number the next line of a file gets when `prefix` precedes it.
inline int next_line(std::string_view prefix) {
  int lines = 1;
  for (char c : prefix) lines += c == '\n';
  return lines;
}

inline std::unique_ptr<config::RawSection> parse(const std::string& file,
                                                 const config::CheckEnv& env = no_path_checks()) {
  return config::parse_file(file, env);
}

inline std::shared_ptr<const config::Config> load(const std::string& file,
                                                  const config::CheckEnv& env = no_path_checks()) {
  config::LoadOptions options;
  options.env = env;
  return config::load_config(file, options);
}

// Changes the working directory for the lifetime of the object.
class ScopedChdir {
 public:
  explicit ScopedChdir(const std::string& dir) : old_(std::filesystem::current_path()) {
    std::filesystem::current_path(dir);
  }
  ~ScopedChdir() {
    std::error_code ignored;
    std::filesystem::current_path(old_, ignored);
  }
  ScopedChdir(const ScopedChdir&) = delete;
  ScopedChdir& operator=(const ScopedChdir&) = delete;

 private:
  std::filesystem::path old_;
};

}  // namespace smokeping::test
