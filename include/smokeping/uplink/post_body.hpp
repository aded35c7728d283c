// The bytes of a slave's POST, as the original slave's HTTP library frames them
// (master-slave.md §2.1-§2.3), so a Perl master reads ours like its own slaves'.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace smokeping::uplink {

// The five form fields of protocol 2, in the order they travel, then the three of our signed
// protocol (docs/protocol-auth.md), sent when auth_key is set. A Perl master ignores those.
struct PostFields {
  std::string slave;             // the slave's name
  std::string key;               // lowercase hex HMAC-MD5 of `data`
  std::string protocol;          // "2"
  std::string data;              // the result lines, see data_text()
  std::int64_t config_time = 0;  // `__last` of the config we run; 0 asks for a config
  std::string auth_ts = {};      // our clock, decimal Unix seconds
  std::string auth_nonce = {};   // 32 lowercase hex digits, new for every post
  std::string auth_key = {};     // protocol::sign_post() of all the above
};

// Fills the three auth fields of `fields`: auth_ts = `now`, a fresh nonce, the signature.
void sign_fields(PostFields& fields, std::string_view secret, std::int64_t now);

// The `data` field: the lines joined by LF, no trailing LF; "" for no lines.
std::string data_text(std::span<const std::string> lines);

struct MultipartBody {
  std::string boundary;
  std::string bytes;
  std::string content_type() const { return "multipart/form-data; boundary=" + boundary; }
};

// multipart/form-data with CRLF framing, one `Content-Disposition: form-data; name="..."`
// header per part and the values copied raw. The boundary is "xYzZY" unless a value contains
// it; then a random alphanumeric one (4 characters, then 8, ...) that no value contains.
MultipartBody multipart_body(const PostFields& fields);

}  // namespace smokeping::uplink
