// Whether a text is a numeric IPv4 or IPv6 address and nothing else: what a DYNAMIC host's
// reported address must be, so that it never holds a name to resolve or a second line.
#pragma once

#include <string_view>

namespace smokeping::core {

bool is_ip_literal(std::string_view text);

}  // namespace smokeping::core
