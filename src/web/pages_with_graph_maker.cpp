// serve_page with the real graphs, apart from pages.cpp so that code (and tests) using only
// the other overload do not pull in librrd.
#include <spdlog/logger.h>
#include <unistd.h>

#include "smokeping/web/cgi_log.hpp"
#include "smokeping/web/modern_ui.hpp"
#include "smokeping/web/pages.hpp"

namespace smokeping::web {
namespace {

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

}  // namespace

Response serve_page(const PageInput& input) {
  GraphEnv env;
  env.now = input.now;
  env.hostname = host_name();
  env.format = choose_ui(input.config, input.form).format;  // SVG in the modern UI
  std::unique_ptr<PageGraphs> graphs = make_page_graphs(input.config, env);
  std::shared_ptr<spdlog::logger> log = CgiLog().for_client(input.request.var("REMOTE_ADDR"));
  return serve_page(input, *graphs, *log);
}

}  // namespace smokeping::web
