#include "smokeping/protocol/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace smokeping::protocol {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (std::size_t i = 0; i < length; ++i) {
    hex.push_back(kHex[bytes[i] >> 4]);
    hex.push_back(kHex[bytes[i] & 15]);
  }
  return hex;
}

std::string hmac_hex(const EVP_MD* md, std::string_view secret, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(md, secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return to_hex(digest, length);
}

}  // namespace

std::string hmac_md5_hex(std::string_view secret, std::string_view data) {
  return hmac_hex(EVP_md5(), secret, data);
}

std::string hmac_sha256_hex(std::string_view secret, std::string_view data) {
  return hmac_hex(EVP_sha256(), secret, data);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool signature_matches(std::string_view secret, std::string_view data, std::string_view key) {
  // The original compares hex strings case-sensitively; so do we, without leaking where.
  return constant_time_equal(key, hmac_md5_hex(secret, data));
}

std::string md5_base64(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr) != 1) {
    throw std::runtime_error("MD5 digest failed");
  }
  unsigned char encoded[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  int size = EVP_EncodeBlock(encoded, digest, static_cast<int>(length));
  std::string text(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(size));
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
    throw std::runtime_error("the random number source failed");
  }
  return to_hex(buffer.data(), buffer.size());
}

}  // namespace smokeping::protocol
