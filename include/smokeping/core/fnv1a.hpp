// FNV-1a, 64 bits: the checksum of our own on-disk records (the slave's spool files, the CGI's
// cache journals). It catches torn and stale writes, not tampering.
#pragma once

#include <cstdint>
#include <string_view>

namespace smokeping::core {

constexpr std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace smokeping::core
