// The HTTP side of a page: the original's header set and the short error pages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "smokeping/config/model.hpp"
#include "smokeping/web/http.hpp"

namespace smokeping::web::detail {

// RFC 1123, always GMT: "Wed, 25 Nov 2026 17:23:23 GMT".
std::string http_date(std::int64_t when);

// An HTML page with CGI.pm's headers in its order: Expires (now + max(step, 120) s), Date,
// Content-length, Content-Type (Presentation/charset, utf-8 when unset).
Response page_response(const config::Config& config, std::int64_t now, int status,
                       std::string body);

// A short text/html page with the status and `message` (HTML-escaped).
Response error_response(int status, std::string_view message);

}  // namespace smokeping::web::detail
