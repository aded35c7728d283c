#include "src/core/detail/syslog_line_sink.hpp"

#include <syslog.h>

#include <climits>

namespace smokeping::core::detail {

void open_system_syslog(const SyslogSettings& settings) {
  ::openlog("smokeping", LOG_PID, settings.facility);
}

void emit_to_system_syslog(int priority, std::string_view line) {
  // %.*s: the line is not NUL-terminated and may hold a '%' of its own.
  int length =
      line.size() > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(line.size());
  ::syslog(priority, "%.*s", length, line.data());
}

}  // namespace smokeping::core::detail
