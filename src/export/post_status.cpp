// How the writer treats each HTTP status of InfluxDB's answer to a batch.
#include "smokeping/export/influx_transport.hpp"

namespace smokeping::exports {

PostResult::Status post_status(long http_status) {
  if (http_status >= 200 && http_status < 300) return PostResult::Status::ok;
  // Only a 4xx says the bytes themselves are wrong; a timeout or throttling (408, 429) is not
  // the batch's fault, and a redirect (3xx) is the URL's, which an operator can fix.
  bool bytes_at_fault =
      http_status >= 400 && http_status < 500 && http_status != 408 && http_status != 429;
  return bytes_at_fault ? PostResult::Status::rejected : PostResult::Status::failed;
}

}  // namespace smokeping::exports
