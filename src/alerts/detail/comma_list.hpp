// Private to alerts/: the comma-separated lists of the config (`to`, `mailhost`).
#pragma once

#include <string>
#include <vector>

namespace smokeping::alerts::detail {

// The items of "a, b,c" without the blanks and tabs around them; empty items are left out.
std::vector<std::string> split_comma_list(const std::string& list);

}  // namespace smokeping::alerts::detail
