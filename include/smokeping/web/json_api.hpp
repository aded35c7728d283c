// The CGI's machine-readable answers (docs/api.md), reached before the classic pages:
//   ?metrics                                  Prometheus text (metrics_page.hpp)
//   ?slavestatus[&format=json]                the slave status page (pages.hpp) or JSON
//   ?target=A.B[~SLAVE]&format=json[&start=S][&end=E]   a target's RRD rows as JSON
// Bad input is a 400 (or 404 for an unknown target or slave) with a JSON or text error body,
// and a log line.
#pragma once

#include <optional>

#include "smokeping/web/http.hpp"
#include "smokeping/web/page_input.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::web {

// nullopt when the request is none of the above (a classic page), and for a well-formed
// `?slavestatus` HTML page, which serve_page draws as view=slavestatus.
std::optional<Response> serve_api(const PageInput& input, spdlog::logger& log);

// `?slavestatus` without format=json (serve_api has vetted it when it returned nullopt).
bool is_slave_status_page(const PageInput& input);

// The JSON data of one target (already routed: `format=json` and `target` present).
Response json_data_response(const PageInput& input, spdlog::logger& log);

}  // namespace smokeping::web
