// The slave protocol's signature: lowercase hex HMAC-MD5 of the exact bytes (master-slave.md
// §2.5, §10).
#pragma once

#include <string>
#include <string_view>

namespace smokeping::protocol {

// Lowercase hex HMAC-MD5 of `data` keyed with `secret`.
std::string hmac_md5_hex(std::string_view secret, std::string_view data);

// Whether `key` (as posted) is the signature of `data`; compared in constant time.
bool signature_matches(std::string_view secret, std::string_view data, std::string_view key);

}  // namespace smokeping::protocol
