// The slave's HTTP(S) client (libcurl), with the original's habits where they are safe and
// stricter defaults where they were not (master-slave.md §2.1, §12 W4).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "smokeping/uplink/transport.hpp"

namespace smokeping::uplink {

struct HttpClientOptions {
  std::string url;  // the master CGI, used verbatim (query string, user:pass@ included)
  std::optional<std::string> ca_file;      // trust these CAs instead of the system's
  std::optional<std::string> client_cert;  // PEM client certificate for TLS
  std::optional<std::string> client_key;   // its key, when not in the certificate file
  // Re-POST to the target of a redirect (301/302/303/307/308). Off by default, as in the
  // original; when on, an https URL is never redirected to plain http.
  bool follow_redirects = false;
  // Like LWP's timeout: for connecting, and for any stretch without progress. Not a limit on
  // the whole exchange, so a large resend is not cut off while it moves.
  std::chrono::seconds timeout{60};
  std::size_t max_answer_bytes = 32 * 1024 * 1024;  // a config is a few kB
};

// Certificate and host name verification are always on. Proxies come from the environment
// (http_proxy, https_proxy, no_proxy), as for the original.
class HttpClient : public Transport {
 public:
  explicit HttpClient(HttpClientOptions options);
  HttpAnswer post(const std::string& content_type, const std::string& body) override;

 private:
  HttpClientOptions options_;
};

// The URL without `user:password@`, for log lines.
std::string url_for_logs(std::string_view url);

}  // namespace smokeping::uplink
