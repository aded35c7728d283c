#include "src/web/detail/page_response.hpp"

#include <ctime>

#include "smokeping/web/html.hpp"

namespace smokeping::web::detail {

std::string http_date(std::int64_t when) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(when);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

Response page_response(const config::Config& config, std::int64_t now, int status,
                       std::string body) {
  const long expires = config.database.step > 120 ? config.database.step : 120;
  const std::string& charset = config.presentation.charset;
  Response response;
  response.status = status;
  response.headers = {
      {"Expires", http_date(now + expires)},
      {"Date", http_date(now)},
      {"Content-length", std::to_string(body.size())},
      {"Content-Type", "text/html; charset=" + (charset.empty() ? "utf-8" : charset)}};
  response.body = std::move(body);
  return response;
}

Response error_response(int status, std::string_view message) {
  const std::string title = html_escape(status_line(status));
  Response response;
  response.status = status;
  response.body = "<!DOCTYPE html>\n<html><head><title>" + title + "</title></head>\n<body><h1>" +
                  title + "</h1>\n<pre>" + html_escape(message) + "</pre>\n</body></html>\n";
  response.headers = {{"Content-Type", "text/html; charset=utf-8"},
                      {"Content-Length", std::to_string(response.body.size())}};
  return response;
}

}  // namespace smokeping::web::detail
