// Test support for the graphs: the reference data set's config (shared/reference/web, with
// @WORK@ pointing at a temporary directory), the RRDs::* call logs of the original CGI, and
// the process time zone the logs were made in (UTC).
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "smokeping/config/load.hpp"
#include "tests/support/shared_files.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::web::test {

inline std::string reference_web_dir() { return smokeping::test::shared_dir() + "/reference/web"; }

// TZ=UTC for the life of the object: the reference run's dates are UTC.
class ScopedUtc {
 public:
  ScopedUtc() {
    if (const char* tz = std::getenv("TZ")) old_ = tz;
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
  ~ScopedUtc() {
    if (old_) {
      ::setenv("TZ", old_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  ScopedUtc(const ScopedUtc&) = delete;
  ScopedUtc& operator=(const ScopedUtc&) = delete;

 private:
  std::optional<std::string> old_;
};

// The reference config with @WORK@ replaced (and `imgcache` changed when asked: the 2.9.0
// capture used cache290).
class ReferenceConfig {
 public:
  explicit ReferenceConfig(const std::string& name = "smokeping-config.txt",
                           const std::string& imgcache_dir = "") {
    std::optional<std::string> text = smokeping::test::read_file(reference_web_dir() + "/" + name);
    if (!text) return;
    std::string config = *text;
    if (!imgcache_dir.empty()) {
      const std::string from = "imgcache = @WORK@/cache\n";
      if (auto at = config.find(from); at != std::string::npos)
        config.replace(at, from.size(), "imgcache = @WORK@/" + imgcache_dir + "\n");
    }
    config = replace_all(config, "@WORK@", dir_.root());
    dir_.write("etc/basepage.html", "<##body##>\n");
    dir_.write("etc/smokemail", "Subject: x\n\nx\n");
    dir_.write("etc/smokeping_secrets", "boomer:x\nslave2:y\n");
    ::chmod(dir_.path("etc/smokeping_secrets").c_str(), 0600);
    config_ = smokeping::test::load(dir_.write("etc/config", config));
  }

  bool ok() const { return config_ != nullptr; }
  const config::Config& config() const { return *config_; }
  std::string root() const { return dir_.root(); }
  smokeping::test::TempConfig& dir() { return dir_; }

  // `text` with the temporary directory written as the logs write it.
  std::string as_logged(const std::string& text) const {
    return replace_all(text, dir_.root(), "@WORK@");
  }

  static std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
    return text;
  }

 private:
  smokeping::test::TempConfig dir_;
  std::shared_ptr<const config::Config> config_;
};

// One RRDs::* call of a log: "=== RRDs::graph", then one argument per line (two spaces in
// front, trailing blanks kept), then "  --> returned: [p1, p2] | width | height" or "undef".
struct LoggedCall {
  std::string function;  // "graph", "fetch", "info"
  std::vector<std::string> args;
  std::vector<std::string> prints;
  bool failed = false;
  int width = 0, height = 0;
};

inline std::vector<LoggedCall> parse_rrds_log(const std::string& text) {
  std::vector<LoggedCall> calls;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("=== RRDs::", 0) == 0) {
      calls.push_back(LoggedCall{line.substr(10), {}, {}, false, 0, 0});
    } else if (calls.empty() || line.empty()) {
      continue;
    } else if (line.rfind("  --> returned: ", 0) == 0) {
      std::string rest = line.substr(16);
      if (rest == "undef") {
        calls.back().failed = true;
        continue;
      }
      std::size_t close = rest.find(']');
      std::string prints = rest.substr(1, close - 1);
      for (std::size_t at = 0; !prints.empty() && at <= prints.size();) {
        std::size_t comma = prints.find(", ", at);
        calls.back().prints.push_back(prints.substr(at, comma - at));
        if (comma == std::string::npos) break;
        at = comma + 2;
      }
      std::sscanf(rest.c_str() + close + 1, " | %d | %d", &calls.back().width,
                  &calls.back().height);
    } else if (line.rfind("  --> ", 0) == 0) {
      continue;  // "--> ERROR: ..."
    } else if (line.rfind("  ", 0) == 0) {
      calls.back().args.push_back(line.substr(2));
    }
  }
  return calls;
}

// The epoch of a logged date comment ("COMMENT:end\: Wed Nov 25 17\:23\:23 2026\j").
inline std::int64_t logged_date(std::string comment) {
  comment = ReferenceConfig::replace_all(comment, "\\:", ":");
  std::size_t start = comment.find(':') + 1;
  if (comment.compare(start, 5, "end: ") == 0) start += 5;
  std::string date = comment.substr(start, comment.size() - start - 2);
  std::tm tm{};
  ::strptime(date.c_str(), "%a %b %d %H:%M:%S %Y", &tm);
  return static_cast<std::int64_t>(::timegm(&tm));
}

// The query of a reference page (html/NAME.txt "# QUERY_STRING=..."), decoded into fields.
inline std::map<std::string, std::string> reference_query(const std::string& name) {
  std::map<std::string, std::string> fields;
  auto text = smokeping::test::read_file(reference_web_dir() + "/html/" + name + ".txt");
  if (!text) return fields;
  const std::string key = "# QUERY_STRING=";
  std::size_t at = text->find(key);
  if (at == std::string::npos) return fields;
  std::string query = text->substr(at + key.size(), text->find('\n', at) - at - key.size());
  std::istringstream in(query);
  for (std::string pair; std::getline(in, pair, ';');) {
    std::size_t eq = pair.find('=');
    std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    fields[pair.substr(0, eq)] = ReferenceConfig::replace_all(value, "%20", " ");
  }
  return fields;
}

}  // namespace smokeping::web::test
