// `syslogfacility`/`syslogpriority` to syslog(3) codes, and the sink that sends every line
// with the configured priority, whatever its level.
#include "smokeping/core/syslog_settings.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <syslog.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "smokeping/core/logging.hpp"
#include "src/core/detail/syslog_line_sink.hpp"

namespace smokeping::core {
namespace {

TEST(SyslogSettings, NamesBecomeTheCodesOfSyslogH) {
  struct Case {
    const char* facility;
    const char* priority;
    SyslogSettings expected;
  };
  for (const Case& c :
       {Case{"local0", "info", {LOG_LOCAL0, LOG_INFO}},
        Case{"local7", "debug", {LOG_LOCAL7, LOG_DEBUG}},
        Case{"daemon", "notice", {LOG_DAEMON, LOG_NOTICE}},
        Case{"user", "err", {LOG_USER, LOG_ERR}},
        Case{"authpriv", "warning", {LOG_AUTHPRIV, LOG_WARNING}},
        Case{"mail", "emerg", {LOG_MAIL, LOG_EMERG}}, Case{"cron", "crit", {LOG_CRON, LOG_CRIT}},
        Case{"syslog", "alert", {LOG_SYSLOG, LOG_ALERT}}}) {
    SyslogSettingsResult r = syslog_settings(c.facility, c.priority);
    ASSERT_TRUE(r.settings) << c.facility << "/" << c.priority << ": " << r.error;
    EXPECT_EQ(*r.settings, c.expected) << c.facility << "/" << c.priority;
  }
}

TEST(SyslogSettings, NamesAreCaseInsensitiveAndMayCarryLogPrefixAsInSysSyslog) {
  SyslogSettingsResult r = syslog_settings("LOCAL3", "Log_Notice");
  ASSERT_TRUE(r.settings) << r.error;
  EXPECT_EQ(*r.settings, (SyslogSettings{LOG_LOCAL3, LOG_NOTICE}));
  r = syslog_settings("log_daemon", "DEBUG");
  ASSERT_TRUE(r.settings) << r.error;
  EXPECT_EQ(*r.settings, (SyslogSettings{LOG_DAEMON, LOG_DEBUG}));
}

TEST(SyslogSettings, EmptyPriorityIsTheOriginalsDefaultInfo) {
  SyslogSettingsResult r = syslog_settings("local0", "");
  ASSERT_TRUE(r.settings) << r.error;
  EXPECT_EQ(r.settings->priority, LOG_INFO);
}

TEST(SyslogSettings, PriorityMayBeItsNumber) {
  for (int level = LOG_EMERG; level <= LOG_DEBUG; ++level) {
    SyslogSettingsResult r = syslog_settings("local0", std::to_string(level));
    ASSERT_TRUE(r.settings) << level << ": " << r.error;
    EXPECT_EQ(r.settings->priority, level);
  }
}

TEST(SyslogSettings, UnknownPriorityIsRefusedWithItsName) {
  // "warn", "error" and "panic" are not names Sys::Syslog knows; 8 is no level.
  for (const char* bad : {"loud", "warn", "error", "panic", "8", "-1", "info2"}) {
    SyslogSettingsResult r = syslog_settings("local0", bad);
    EXPECT_FALSE(r.settings) << bad;
    EXPECT_NE(r.error.find(std::string("unknown syslogpriority '") + bad + "'"), std::string::npos)
        << r.error;
  }
}

TEST(SyslogSettings, UnknownFacilityIsRefusedWithItsName) {
  for (const char* bad : {"local8", "kern", "mark", "128", ""}) {
    SyslogSettingsResult r = syslog_settings(bad, "info");
    EXPECT_FALSE(r.settings) << bad;
    EXPECT_NE(r.error.find(std::string("unknown syslogfacility '") + bad + "'"), std::string::npos)
        << r.error;
  }
}

TEST(SyslogLineSink, EveryLevelGoesOutWithTheConfiguredPriority) {
  std::vector<std::pair<int, std::string>> sent;
  auto sink = std::make_shared<detail::SyslogLineSink>(
      LOG_NOTICE, [&](int priority, std::string_view line) { sent.emplace_back(priority, line); });
  spdlog::logger log("test", sink);
  log.set_level(spdlog::level::debug);
  log.debug("a debug line");
  log.info("an info line with 100% loss");
  log.warn("a warning");
  log.error("an error");
  ASSERT_EQ(sent.size(), 4u);
  for (const auto& [priority, line] : sent) EXPECT_EQ(priority, LOG_NOTICE) << line;
  EXPECT_EQ(sent[0].second, "a debug line");
  EXPECT_EQ(sent[1].second, "an info line with 100% loss");  // no formatting, '%' kept
  EXPECT_EQ(sent[3].second, "an error");
}

TEST(MakeLogger, UnknownSyslogPriorityIsAnErrorBeforeAnythingIsLogged) {
  LogSetup setup;
  setup.facility = "local0";
  setup.syslog_priority = "loud";
  try {
    make_logger(setup);
    ADD_FAILURE() << "make_logger accepted syslogpriority 'loud'";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown syslogpriority 'loud'"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace smokeping::core
