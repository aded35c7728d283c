// smokeping.cgi: the web UI and the slaves' endpoint. FastCGI, or plain CGI for one request.
// For now it answers every request with 503 "not yet": the pages arrive with the web UI issue.
#include <fcgiapp.h>

int main() {
  FCGX_Stream *in, *out, *err;
  FCGX_ParamArray env;
  while (FCGX_Accept(&in, &out, &err, &env) >= 0) {
    FCGX_FPrintF(out,
                 "Status: 503 Service Unavailable\r\n"
                 "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                 "smokeping.cgi: not yet: the web pages are not built yet.\n");
  }
  return 0;
}
