#include "smokeping/web/app.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <ctime>

#include "smokeping/protocol/submission.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/web/dynamic_update.hpp"
#include "smokeping/web/html.hpp"

namespace smokeping::web {
namespace {

Response form_error_response(const protocol::FormResult& form) {
  return to_response(protocol::answer_form_error(form));
}

}  // namespace

App::App(std::string config_path, CgiLog log, PageHandler pages, AppOptions options)
    : cache_(std::move(config_path), options.load),
      log_(std::move(log)),
      pages_(std::move(pages)),
      options_(std::move(options)) {}

Response App::config_error(const std::string& error, spdlog::logger& log) const {
  log.error("{}", error);
  // The original's fatal error page (web-and-rrd.md §2.11) carries the same message.
  return Response{500,
                  {{"Content-Type", "text/html"}},
                  "<h1>Software error:</h1>\n<pre>" + html_escape(error) + "\n</pre>\n"};
}

Response App::handle(const Request& request) {
  const std::int64_t now =
      options_.wall_clock ? options_.wall_clock() : static_cast<std::int64_t>(std::time(nullptr));
  auto log = log_.for_client(request.var("REMOTE_ADDR"));

  if (request.body_truncated) {
    protocol::FormResult too_large{
        protocol::FormError::too_large,
        fmt::format("request body of {} bytes, more than the limit of {}",
                    request.var("CONTENT_LENGTH"), options_.max_body),
        {}};
    log->warn("request refused status=413 reason={}", too_large.message);
    return form_error_response(too_large);
  }

  ConfigLookup lookup = cache_.get(now);
  if (!lookup.loaded) return config_error(lookup.error, *log_.general());
  if (lookup.event == ConfigLookup::Event::loaded && lookup.replaced) {
    log_.general()->info("config loaded again file={} files={}", cache_.path(),
                         lookup.loaded->config->files.size());
  }
  const config::Config& config = *lookup.loaded->config;

  protocol::FormResult form =
      protocol::decode_form({request.var("REQUEST_METHOD"), request.var("CONTENT_TYPE"),
                             request.var("QUERY_STRING"), request.body},
                            options_.max_body);
  if (form.error != protocol::FormError::none) {
    Response response = form_error_response(form);
    log->warn("request refused status={} reason={}", response.status, form.message);
    return response;
  }

  if (protocol::is_slave_request(form.form)) {
    return answer_slave_post(
        form.form, SlavePost{config, lookup.loaded->config_last, now, request.var("REMOTE_ADDR")},
        options_.slave, *log);
  }
  if (is_dynamic_update(form.form)) {
    return answer_dynamic_update(
        {config, *form.form.find("target"), *form.form.find("secret"), request.var("REMOTE_ADDR")},
        *log);
  }
  return pages_(PageInput{config, request, form.form, now});
}

}  // namespace smokeping::web
