// The slave protocol's signatures: lowercase hex HMAC-MD5 of the exact bytes (master-slave.md
// §2.5, §10), and the primitives of our optional signed protocol (docs/protocol-auth.md).
// OpenSSL stays behind this header.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace smokeping::protocol {

// Lowercase hex HMAC-MD5 of `data` keyed with `secret`.
std::string hmac_md5_hex(std::string_view secret, std::string_view data);

// Lowercase hex HMAC-SHA256 of `data` keyed with `secret` (64 characters).
std::string hmac_sha256_hex(std::string_view secret, std::string_view data);

// Whether `key` (as posted) is the signature of `data`; compared in constant time.
bool signature_matches(std::string_view secret, std::string_view data, std::string_view key);

// Whether two strings are equal; the time taken depends on their lengths only, never on where
// they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// MD5 of `data` in base64 without the `==` padding (22 characters), as Perl's md5_base64: the
// form in which a DYNAMIC host's secret is kept in the config (`host = DYNAMIC/<digest>`).
std::string md5_base64(std::string_view data);

// `bytes` bytes from the operating system's random source, as lowercase hex. Throws
// std::runtime_error when that source fails (a surprise, not an expected failure).
std::string random_hex(std::size_t bytes);

}  // namespace smokeping::protocol
