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

}  // namespace

std::optional<Response> serve_api(const PageInput& input, spdlog::logger& log) {
  const protocol::FormFields& form = input.form;
  const std::string* format = form.find("format");
  if (format && *format != "json")
    return refuse(input, log, 400, "unknown format '" + *format + "' (json is the one known)",
                  true);
  const bool json = format != nullptr;

  // `?metrics` alone is what CGI.pm calls a keyword query: it decodes to no field at all.
  const std::string_view query = input.request.var("QUERY_STRING");
  const bool keyword_only = query.find_first_of("&=;") == std::string_view::npos;
  if (form.find("metrics") || (keyword_only && query == "metrics")) {
    if (auto why = extra_field(form, {"metrics"})) return refuse(input, log, 400, *why, false);
    return Response{200,
                    {{"Content-Type", kMetricsContentType}, {"Cache-Control", "no-cache"}},
                    metrics_text(input.config, input.now)};
  }
  if (form.find("slavestatus") || (keyword_only && query == "slavestatus")) {
    if (auto why = extra_field(form, {"slavestatus", "format"}))
      return refuse(input, log, 400, *why, json);
    if (!input.config.slaves)
      return refuse(input, log, 404, "this master has no *** Slaves *** section", json);
    return slave_status_response(input.config, input.now, json);
  }
  if (json) {
    if (!form.find("target")) return refuse(input, log, 400, "format=json needs a target", true);
    return json_data_response(input, log);
  }
  return std::nullopt;
}

}  // namespace smokeping::web
