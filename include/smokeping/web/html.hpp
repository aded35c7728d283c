// Text that goes into the pages: HTML escaping (everything that comes from the config or the
// request is escaped; the original escapes almost nothing, see err-xss-target) and the URI
// escaping the original's menu links use.
#pragma once

#include <string>
#include <string_view>

namespace smokeping::web {

// `&`, `<`, `>`, `"` and `'` as entities, as CGI.pm's escapeHTML writes them
// (&amp; &lt; &gt; &quot; &#39;); safe in element text and in quoted attribute values.
std::string html_escape(std::string_view text);

// URI::Escape's uri_escape with its default set: every byte except A-Z a-z 0-9 - _ . ~
// becomes %XX (upper-case hex).
std::string uri_escape(std::string_view text);

}  // namespace smokeping::web
