// The slave's options: environment fallbacks, the original's messages, our bounds.
#include "smokeping/daemon/slave_options.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>

namespace {

using smokeping::daemon::apply_environment;
using smokeping::daemon::Options;
using smokeping::daemon::parse_command_line;
using smokeping::daemon::slave_settings;

Options parse(std::vector<std::string> args) {
  args.insert(args.begin(), "smokeping");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

smokeping::daemon::EnvLookup env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sp-slave-opt-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(SlaveOptions, EnvironmentFillsWhatTheCommandLineLeftOpen) {
  Options o = parse({"--cache-dir=/flag"});
  apply_environment(o, env({{"SMOKEPING_MASTER_URL", "http://m/cgi"},
                            {"SMOKEPING_SHARED_SECRET", "/etc/secret"},
                            {"SMOKEPING_SLAVE_NAME", "s1"},
                            {"SMOKEPING_CACHE_DIR", "/env"},
                            {"SMOKEPING_PID_DIR", "/run/sp"}}));
  EXPECT_TRUE(o.slave_mode());
  EXPECT_EQ(o.master_url, "http://m/cgi");
  EXPECT_EQ(o.shared_secret, "/etc/secret");
  EXPECT_EQ(o.slave_name, "s1");
  EXPECT_EQ(o.cache_dir, "/flag");  // the flag wins
  EXPECT_EQ(o.pid_dir, "/run/sp");
  // The environment does not count as options given (a master ignores these variables).
  EXPECT_EQ(o.given, std::vector<std::string>{"cache-dir"});
}

TEST(SlaveOptions, FlagsWinOverEveryVariable) {
  Options o = parse({"--master-url=http://flag/", "--shared-secret=/f", "--slave-name=f",
                     "--cache-dir=/f", "--pid-dir=/f"});
  apply_environment(o, env({{"SMOKEPING_MASTER_URL", "http://env/"},
                            {"SMOKEPING_SHARED_SECRET", "/e"},
                            {"SMOKEPING_SLAVE_NAME", "e"},
                            {"SMOKEPING_CACHE_DIR", "/e"},
                            {"SMOKEPING_PID_DIR", "/e"}}));
  EXPECT_EQ(o.master_url, "http://flag/");
  EXPECT_EQ(o.shared_secret, "/f");
  EXPECT_EQ(o.slave_name, "f");
  EXPECT_EQ(o.cache_dir, "/f");
  EXPECT_EQ(o.pid_dir, "/f");
}

TEST(SlaveOptions, EmptyVariableCountsAsUnset) {
  Options o = parse({});
  apply_environment(o, env({{"SMOKEPING_MASTER_URL", ""}}));
  EXPECT_FALSE(o.slave_mode());
}

TEST(SlaveOptions, OriginalMessagesForMissingOrBadCacheDirAndSecret) {
  TempDir dir;
  EXPECT_EQ(slave_settings(parse({"--master-url=http://m/"})).error,
            "no cache-dir defined along with master-url");
  EXPECT_EQ(slave_settings(parse({"--master-url=http://m/", "--cache-dir=/nonexistent/x"})).error,
            "no cache-dir (/nonexistent/x): No such file or directory");
  EXPECT_EQ(slave_settings(parse({"--master-url=http://m/", "--cache-dir=/etc/hostname"})).error,
            "no cache-dir (/etc/hostname): Not a directory");
  EXPECT_EQ(slave_settings(parse({"--master-url=http://m/", "--cache-dir=" + dir.path()})).error,
            "no shared-secret defined along with master-url");
}

TEST(SlaveOptions, DefaultsAndBounds) {
  TempDir dir;
  auto r = slave_settings(
      parse({"--master-url=https://m/cgi", "--cache-dir=" + dir.path(), "--shared-secret=/s",
             "--max-cache-age=12h", "--max-cache-size=3M", "--follow-redirects"}));
  ASSERT_TRUE(r.settings) << r.error;
  EXPECT_EQ(r.settings->pid_dir, dir.path());
  EXPECT_FALSE(r.settings->slave_name.empty());  // the host name
  EXPECT_EQ(r.settings->limits.max_age, std::chrono::hours(12));
  EXPECT_EQ(r.settings->limits.max_bytes, 3u * 1024 * 1024);
  EXPECT_TRUE(r.settings->http.follow_redirects);
  EXPECT_EQ(r.settings->http.url, "https://m/cgi");
  auto defaults = slave_settings(
      parse({"--master-url=http://m/", "--cache-dir=" + dir.path(), "--shared-secret=/s"}));
  ASSERT_TRUE(defaults.settings);
  EXPECT_EQ(defaults.settings->limits.max_age, std::chrono::hours(24 * 7));
  EXPECT_EQ(defaults.settings->limits.max_bytes, 64u * 1024 * 1024);
  EXPECT_FALSE(defaults.settings->http.follow_redirects);
}

TEST(SlaveOptions, BadValuesAreRefusedWithTheirName) {
  TempDir dir;
  std::vector<std::string> base = {"--cache-dir=" + dir.path(), "--shared-secret=/s"};
  struct Case {
    std::vector<std::string> extra;
    std::string text;
  };
  for (const Case& c : std::vector<Case>{
           {{"--master-url=ftp://m/"}, "is not an http:// or https:// URL"},
           {{"--master-url=127.0.0.1/smokeping.cgi"}, "is not an http:// or https:// URL"},
           {{"--master-url=http://m/", "--max-cache-age=0"}, "max-cache-age '0'"},
           {{"--master-url=http://m/", "--max-cache-age=7w"}, "max-cache-age '7w'"},
           {{"--master-url=http://m/", "--max-cache-age=-5"}, "max-cache-age '-5'"},
           {{"--master-url=http://m/", "--max-cache-size=lots"}, "max-cache-size 'lots'"},
           {{"--master-url=http://m/", "--max-cache-size=99999999999G"}, "max-cache-size"},
           {{"--master-url=http://m/", "--slave-name=a b"}, "slave-name 'a b'"},
           {{"--master-url=http://m/", "--pid-dir=/nonexistent"}, "no pid-dir (/nonexistent)"},
           {{"--master-url=http://m/", "--ca-file=/nonexistent/ca"}, "ca-file (/nonexistent/ca)"},
           {{"--master-url=http://m/", "--client-cert=/nonexistent/c"}, "client-cert"},
       }) {
    std::vector<std::string> args = base;
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    auto r = slave_settings(parse(args));
    EXPECT_FALSE(r.settings) << c.text;
    EXPECT_NE(r.error.find(c.text), std::string::npos) << r.error;
  }
}

}  // namespace
