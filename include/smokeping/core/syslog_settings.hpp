// What `General/syslogfacility` and `General/syslogpriority` mean to syslog(3). The original
// opened syslog with the facility and sent every line, whatever it said, with the one
// priority (default info); names are those Perl's Sys::Syslog knows, in any case, with or
// without LOG_, and a priority may also be its number 0-7.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smokeping::core {

struct SyslogSettings {
  int facility;  // a LOG_* facility code (already shifted, as openlog(3) takes it)
  int priority;  // a LOG_* level 0-7, used for every line
  bool operator==(const SyslogSettings&) const = default;
};

struct SyslogSettingsResult {
  std::optional<SyslogSettings> settings;
  std::string error;  // when a name is unknown: the line to print after "ERROR: "
};

// An empty priority is the original's default, info.
SyslogSettingsResult syslog_settings(std::string_view facility, std::string_view priority);

}  // namespace smokeping::core
