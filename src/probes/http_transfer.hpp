// One HTTP(S) transfer on a fresh connection, timed by libcurl (the only file of src/probes that
// includes it): Curl, AnotherCurl, EchoPingHttp and EchoPingHttps. Private to src/probes.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace smokeping::probes {

struct HttpTransferOptions {
  std::string url;
  std::string method;      // empty: GET
  std::string post_data;   // -d: sent as a POST body
  std::string user_agent;  // empty: none
  std::string referer, user_password, proxy, noproxy, cookie, cacert, interface;
  std::vector<std::string> headers;   // "Name: value"
  std::vector<std::string> resolves;  // curl --resolve "host:port:address"
  std::chrono::microseconds timeout{std::chrono::seconds(10)};  // the whole transfer
  std::optional<std::chrono::microseconds> connect_timeout;
  int ip_version = 0;       // 0 any, 4 or 6
  int http_version = 0;     // 0 libcurl's default, 10 HTTP/1.0, 11 HTTP/1.1, 20 HTTP/2
  long max_redirects = -1;  // -1 unlimited
  bool insecure = false;    // no certificate or host name check
  bool follow_redirects = false;
  bool head_only = false;
  bool fail_on_http_error = false;  // -f: a status >= 400 is an error
  bool compressed = false;
  bool keep_body = false;       // keep the body in the result (Curl `expect`)
  std::optional<int> tos;       // IP_TOS of the socket
  std::optional<int> priority;  // SO_PRIORITY of the socket
};

struct HttpTransferResult {
  std::string error;  // empty when the transfer completed (whatever its HTTP status)
  long status = 0;    // the last response's HTTP status
  // curl's -w timers, in seconds from the start of the transfer.
  double total = 0, namelookup = 0, redirect = 0, connect = 0, appconnect = 0, pretransfer = 0,
         starttransfer = 0;
  std::string body;
  bool ok() const { return error.empty(); }
};

HttpTransferResult http_transfer(const HttpTransferOptions& options);

}  // namespace smokeping::probes
