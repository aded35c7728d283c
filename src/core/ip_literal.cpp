#include "smokeping/core/ip_literal.hpp"

#include <arpa/inet.h>

#include <string>

namespace smokeping::core {

bool is_ip_literal(std::string_view text) {
  const std::string s(text);  // inet_pton reads up to a NUL: a NUL inside must not pass
  if (s.find('\0') != std::string::npos) return false;
  unsigned char buffer[16];
  return ::inet_pton(AF_INET, s.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, s.c_str(), buffer) == 1;
}

}  // namespace smokeping::core
