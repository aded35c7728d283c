// How the slave's POST reaches the master: an interface, so the session is tested against
// scripted masters without sockets (style.md §3.9).
#pragma once

#include <string>

namespace smokeping::uplink {

// What came back: a transport failure, or an HTTP answer (its final one, after any redirect
// that was followed).
struct HttpAnswer {
  std::string transport_error;  // non-empty: no HTTP answer at all (refused, timeout, TLS ...)
  long status = 0;
  std::string content_type;  // the header as sent, "" when absent
  std::string protocol;      // the `Protocol` header, "" when absent
  std::string key;           // the `Key` header, "" when absent
  std::string auth_key;      // the `Auth-Key` header (our signed protocol), "" when absent
  std::string body;          // transfer coding removed, content coding left as is

  static HttpAnswer failed(std::string error) {
    HttpAnswer a;
    a.transport_error = std::move(error);
    return a;
  }
};

class Transport {
 public:
  virtual ~Transport() = default;
  // One POST of `body` to the master. Expected failures come back in the answer; throws only
  // when the transport itself is broken.
  virtual HttpAnswer post(const std::string& content_type, const std::string& body) = 0;
};

}  // namespace smokeping::uplink
