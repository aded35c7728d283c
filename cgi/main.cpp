// smokeping.cgi: the web UI and the slaves' endpoint; FastCGI, or plain CGI for one request.
// The config is argv[1], else $SMOKEPING_CONFIG, else the built-in default.
#include <sys/stat.h>

#include <cstdlib>

#include "smokeping/web/app.hpp"
#include "smokeping/web/fcgi_loop.hpp"
#include "smokeping/web/pages.hpp"

int main(int argc, char** argv) {
  using namespace smokeping::web;
  ::umask(022);  // as the original: cache files 0644, directories 0755, whatever the server's
  CgiLog log;
  App app(config_path_from(argc, argv, std::getenv("SMOKEPING_CONFIG")), log,
          [](const PageInput& input) { return serve_page(input); });
  return serve([&app](const Request& request) { return app.handle(request); }, log);
}
