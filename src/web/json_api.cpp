#include "smokeping/web/json_api.hpp"

#include <spdlog/spdlog.h>

#include "smokeping/web/json_writer.hpp"
#include "smokeping/web/metrics_page.hpp"
#include "smokeping/web/slave_status.hpp"

namespace smokeping::web {
namespace {

// Refuses any field besides `allowed`.
std::optional<std::string> extra_field(const protocol::FormFields& form,
                                       std::initializer_list<std::string_view> allowed) {
  for (const auto& [name, value] : form.fields) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return "unknown parameter " + name;
  }
  return std::nullopt;
}

Response refuse(const PageInput& input, spdlog::logger& log, int status, const std::string& why,
                bool json) {
  log.warn("{} status={} (GET {})", why, status, input.request.var("QUERY_STRING"));
  if (json) return Response{status, {{"Content-Type", "application/json"}}, json_error(why)};
  return text_response(status, "ERROR: " + why + "\n");
}

// `?metrics` or `?slavestatus` alone is what CGI.pm calls a keyword query: no field at all.
bool keyword_query(const PageInput& input, std::string_view keyword) {
  return input.request.var("QUERY_STRING") == keyword;
}

bool slave_status_asked(const PageInput& input) {
  return input.form.find("slavestatus") || keyword_query(input, "slavestatus");
}

}  // namespace

bool is_slave_status_page(const PageInput& input) {
  return slave_status_asked(input) && !input.form.find("format");
}

std::optional<Response> serve_api(const PageInput& input, spdlog::logger& log) {
  const protocol::FormFields& form = input.form;
  const std::string* format = form.find("format");
  if (format && *format != "json")
    return refuse(input, log, 400, "unknown format '" + *format + "' (json is the one known)",
                  true);
  const bool json = format != nullptr;

  if (form.find("metrics") || keyword_query(input, "metrics")) {
    if (auto why = extra_field(form, {"metrics"})) return refuse(input, log, 400, *why, false);
    return Response{200,
                    {{"Content-Type", kMetricsContentType}, {"Cache-Control", "no-cache"}},
                    metrics_text(input.config, input.now)};
  }
  if (slave_status_asked(input)) {
    if (auto why = extra_field(form, {"slavestatus", "format"}))
      return refuse(input, log, 400, *why, json);
    if (!input.config.slaves)
      return refuse(input, log, 404, "this master has no *** Slaves *** section", json);
    // The HTML page is the pages' view=slavestatus (is_slave_status_page), template and all.
    if (!json) return std::nullopt;
    return slave_status_json_response(input.config, input.now);
  }
  if (json) {
    if (!form.find("target")) return refuse(input, log, 400, "format=json needs a target", true);
    return json_data_response(input, log);
  }
  return std::nullopt;
}

}  // namespace smokeping::web
