// smokeping.cgi's request handling, independent of FastCGI: find the config (reloaded when it
// changed), decode the form, and send the request to the slave endpoint or to the web pages
// (web-and-rrd.md §2.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "smokeping/config/load.hpp"
#include "smokeping/web/cgi_log.hpp"
#include "smokeping/web/config_cache.hpp"
#include "smokeping/web/http.hpp"
#include "smokeping/web/page_input.hpp"
#include "smokeping/web/slave_endpoint.hpp"

namespace smokeping::web {

using PageHandler = std::function<Response(const PageInput&)>;

struct AppOptions {
  std::size_t max_body = kMaxBodyBytes;  // as the loop read it; also bounds the query string
  SlaveEndpointOptions slave;
  config::LoadOptions load = cgi_load_options();
  std::function<std::int64_t()> wall_clock;  // Unix seconds; time(2) when empty
};

class App {
 public:
  App(std::string config_path, CgiLog log, PageHandler pages, AppOptions options = {});

  // In this order:
  // * a body longer than max_body (body_truncated): 413, before anything else is read;
  // * the config, loaded when needed; a config that does not load: 500 with "ERROR: ..." (the
  //   original's CGI::Carp page), logged, and the next request tries again;
  // * the form (protocol::decode_form): too large 413, malformed 400;
  // * `slave` set (protocol::is_slave_request): the slave endpoint;
  // * `secret` and `target` set: a DYNAMIC address update (answer_dynamic_update);
  // * anything else: the page handler.
  // Only the page handler's exceptions (and real surprises) leave; the loop turns them into a
  // 500 answer.
  Response handle(const Request& request);

 private:
  Response config_error(const std::string& error, spdlog::logger& log) const;

  ConfigCache cache_;
  CgiLog log_;
  PageHandler pages_;
  AppOptions options_;
};

}  // namespace smokeping::web
