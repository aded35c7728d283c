#include "smokeping/protocol/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace smokeping::protocol {

std::string hmac_md5_hex(std::string_view secret, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_md5(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 15]);
  }
  return hex;
}

bool signature_matches(std::string_view secret, std::string_view data, std::string_view key) {
  std::string expected = hmac_md5_hex(secret, data);
  // The original compares hex strings case-sensitively; so do we, without leaking where.
  return key.size() == expected.size() &&
         CRYPTO_memcmp(key.data(), expected.data(), expected.size()) == 0;
}

}  // namespace smokeping::protocol
