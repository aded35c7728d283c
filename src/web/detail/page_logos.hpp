// The logos the page template shows, put into the image cache as the original does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smokeping::web::detail {

struct Logo {
  std::string name;  // "smokeping.png"
  std::string_view bytes;
};

std::vector<Logo> logos();

// Writes each logo missing from `imgcache`; false when one could not be written.
bool write_logos(const std::string& imgcache);

}  // namespace smokeping::web::detail
