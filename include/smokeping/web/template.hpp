// The page template (Presentation/template, basepage.html): every `<##name##>` whose name has
// a value is replaced (web-and-rrd.md §2.9); other placeholders stay as written, so existing
// custom templates keep working.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace smokeping::web {

// One pass over `text`: a replacement is never searched again for placeholders (the original
// substitutes tag by tag, so config text holding "<##menu##>" could pull in another part).
std::string fill_template(std::string_view text,
                          const std::map<std::string, std::string, std::less<>>& values);

// The template file's bytes, or nullopt when it cannot be read.
std::optional<std::string> read_template(const std::string& path);

}  // namespace smokeping::web
