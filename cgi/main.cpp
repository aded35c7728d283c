// smokeping.cgi: the web UI and the slaves' endpoint; FastCGI, or plain CGI for one request.
// The config is argv[1], else $SMOKEPING_CONFIG, else the built-in default.
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "smokeping/core/build_info.hpp"
#include "smokeping/web/app.hpp"
#include "smokeping/web/fcgi_loop.hpp"
#include "smokeping/web/pages.hpp"

namespace {

// A web server never passes these; a sysadmin at a shell does, and wants an answer, not a
// 500 page about a config file named --help.
bool answered_shell_option(const char* arg) {
  using namespace smokeping;
  if (std::strcmp(arg, "--version") == 0) {
    std::cout << "smokeping.cgi " << core::kVersion << " (compatible with SmokePing "
              << core::kCompatVersion << ")\n";
    return true;
  }
  if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0) {
    std::cout << "Usage: smokeping.cgi [CONFIG]\n\n"
                 "Run by a web server: as a FastCGI process when standard input is a listening\n"
                 "socket (spawn-fcgi, mod_fcgid, a systemd socket unit), else as a CGI program\n"
                 "answering one request (fcgiwrap, mod_cgi). Serves the pages and graphs, the\n"
                 "slaves' posts, DYNAMIC hosts' address updates (?target=PATH&secret=S),\n"
                 "?metrics, ?target=PATH&format=json and ?slavestatus.\n\n"
                 "CONFIG defaults to $SMOKEPING_CONFIG, else "
              << core::kDefaultConfig
              << ".\n"
                 "SMOKEPING_CGI_MAX_REQUESTS=N: a FastCGI process exits after N requests.\n"
                 "Manual page: smokeping --man smokeping.cgi\n";
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace smokeping::web;
  if (argc > 1 && answered_shell_option(argv[1])) return 0;
  ::umask(022);  // as the original: cache files 0644, directories 0755, whatever the server's
  CgiLog log;
  App app(config_path_from(argc, argv, std::getenv("SMOKEPING_CONFIG")), log,
          [](const PageInput& input) { return serve_page(input); });
  return serve([&app](const Request& request) { return app.handle(request); }, log);
}
