#include "smokeping/web/html.hpp"

#include <gtest/gtest.h>

namespace smokeping::web {
namespace {

TEST(HtmlEscape, EscapesTheFiveCharactersLikeCgiPm) {
  EXPECT_EQ(html_escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(html_escape("plain text, ümlaut"), "plain text, ümlaut");
  EXPECT_EQ(html_escape(""), "");
}

TEST(UriEscape, KeepsOnlyTheUnreservedCharacters) {
  EXPECT_EQ(uri_escape("Az09-_.~"), "Az09-_.~");
  EXPECT_EQ(uri_escape("a b+c|(d)*^[e].$"), "a%20b%2Bc%7C%28d%29%2A%5E%5Be%5D.%24");
  EXPECT_EQ(uri_escape(std::string("\0\xff", 2)), "%00%FF");
}

}  // namespace
}  // namespace smokeping::web
