#include "smokeping/core/syslog_settings.hpp"

#include <syslog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace smokeping::core {

namespace {

constexpr std::array<std::pair<std::string_view, int>, 8> kLevels = {{{"emerg", LOG_EMERG},
                                                                      {"alert", LOG_ALERT},
                                                                      {"crit", LOG_CRIT},
                                                                      {"err", LOG_ERR},
                                                                      {"warning", LOG_WARNING},
                                                                      {"notice", LOG_NOTICE},
                                                                      {"info", LOG_INFO},
                                                                      {"debug", LOG_DEBUG}}};

// The facilities of Linux's <syslog.h>. "kern" is left out: a process cannot log as the
// kernel (glibc quietly turns it into "user"), so accepting it would only mislead.
constexpr std::array<std::pair<std::string_view, int>, 19> kFacilities = {
    {{"user", LOG_USER},
     {"mail", LOG_MAIL},
     {"daemon", LOG_DAEMON},
     {"auth", LOG_AUTH},
     {"syslog", LOG_SYSLOG},
     {"lpr", LOG_LPR},
     {"news", LOG_NEWS},
     {"uucp", LOG_UUCP},
     {"cron", LOG_CRON},
     {"authpriv", LOG_AUTHPRIV},
     {"ftp", LOG_FTP},
     {"local0", LOG_LOCAL0},
     {"local1", LOG_LOCAL1},
     {"local2", LOG_LOCAL2},
     {"local3", LOG_LOCAL3},
     {"local4", LOG_LOCAL4},
     {"local5", LOG_LOCAL5},
     {"local6", LOG_LOCAL6},
     {"local7", LOG_LOCAL7}}};

// Sys::Syslog upper-cases a name and adds LOG_ when it is missing; the reverse here.
std::string plain_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.rfind("log_", 0) == 0) lower.erase(0, 4);
  return lower;
}

template <std::size_t N>
std::optional<int> look_up(const std::array<std::pair<std::string_view, int>, N>& table,
                           std::string_view name) {
  std::string plain = plain_name(name);
  for (const auto& [known, code] : table) {
    if (known == plain) return code;
  }
  return std::nullopt;
}

std::optional<int> level(std::string_view name) {
  int number = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), number);
  if (ec == std::errc() && end == name.data() + name.size()) {
    if (number >= LOG_EMERG && number <= LOG_DEBUG) return number;
    return std::nullopt;
  }
  return look_up(kLevels, name);
}

}  // namespace

SyslogSettingsResult syslog_settings(std::string_view facility, std::string_view priority) {
  SyslogSettingsResult result;
  auto code = look_up(kFacilities, facility);
  if (!code) {
    result.error = "unknown syslogfacility '" + std::string(facility) +
                   "' (use daemon, user, local0 ... local7 or another name of syslog(3))";
    return result;
  }
  auto prio = level(priority.empty() ? "info" : priority);
  if (!prio) {
    result.error = "unknown syslogpriority '" + std::string(priority) +
                   "' (use emerg, alert, crit, err, warning, notice, info or debug)";
    return result;
  }
  result.settings = SyslogSettings{*code, *prio};
  return result;
}

}  // namespace smokeping::core
