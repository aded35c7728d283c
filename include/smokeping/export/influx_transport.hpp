// How a batch of lines reaches InfluxDB: one HTTP POST to /write. An interface so the writer's
// tests script outages without sockets; the libcurl one lives in curl_transport.cpp.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "smokeping/config/model.hpp"

namespace smokeping::exports {

// Where the points go, from the `*** InfluxDB ***` section.
struct Destination {
  std::string url;                 // http://host:port/write?db=NAME&precision=ms
  std::string username, password;  // HTTP basic auth when both are set (as 2.9.0)
  std::chrono::seconds timeout{15};
  bool operator==(const Destination&) const = default;
};

// nullopt when the config has no InfluxDB section.
std::optional<Destination> destination(const std::optional<config::InfluxDb>& section);

struct PostResult {
  enum class Status {
    ok,        // 2xx: InfluxDB took the batch
    rejected,  // 4xx but 408/429: sending the same bytes again cannot help
    failed,    // no answer, a timeout, 5xx, 408, 429, 3xx: worth retrying
  };
  Status status = Status::failed;
  long http_status = 0;  // 0 when there was no answer
  std::string error;     // curl's message or the start of InfluxDB's answer
};

// What an HTTP status of InfluxDB's answer means for the batch. A redirect (3xx) is not
// followed (a POST may not be replayed to wherever it points) but counts as a failure: the
// batch is kept and retried, and the log names the Location so the URL can be fixed.
PostResult::Status post_status(long http_status);

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends `body` (lines separated by '\n'). Returns soon after `cancel` becomes true.
  virtual PostResult post(const Destination& to, const std::string& body,
                          const std::atomic<bool>& cancel) = 0;
};

std::unique_ptr<Transport> make_curl_transport();

}  // namespace smokeping::exports
