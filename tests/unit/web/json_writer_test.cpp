#include "smokeping/web/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace smokeping::web {
namespace {

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json_string("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(json_string("line\nnext\ttab\r"), R"("line\nnext\ttab\r")");
  EXPECT_EQ(json_string(std::string("nul\0bell\x07", 9)), R"("nul\u0000bell\u0007")");
}

TEST(JsonWriter, PassesUtf8Through) { EXPECT_EQ(json_string("Zürich"), "\"Zürich\""); }

TEST(JsonWriter, ReplacesEachByteOfInvalidUtf8) {
  EXPECT_EQ(json_string("a\xFF"
                        "b"),
            R"("a\ufffdb")");
  EXPECT_EQ(json_string("\xC0\xAF"), R"("\ufffd\ufffd")");                      // overlong '/'
  EXPECT_EQ(json_string("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");            // a surrogate
  EXPECT_EQ(json_string("x\xE2\x82"), R"("x\ufffd\ufffd")");                    // cut short
  EXPECT_EQ(json_string("\xF4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF
  EXPECT_EQ(json_string("\xE2\x82\xAC \xF0\x9F\x98\x80"), "\"\xE2\x82\xAC \xF0\x9F\x98\x80\"");
}

TEST(JsonWriter, WritesUnknownAndNonFiniteNumbersAsNull) {
  EXPECT_EQ(json_number(std::nullopt), "null");
  EXPECT_EQ(json_number(std::nan("")), "null");
  EXPECT_EQ(json_number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json_number(-std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonWriter, WritesNumbersThatReadBackExactly) {
  for (double v : {0.0, 1.0, 300.0, 4.7e-05, 0.1 + 0.2, -2.5, 1795654345.0}) {
    std::string text = json_number(v);
    EXPECT_EQ(std::stod(text), v) << text;
  }
  EXPECT_EQ(json_number(300.0), "300");
}

TEST(JsonWriter, ErrorBodyIsAnObjectWithTheEscapedMessage) {
  EXPECT_EQ(json_error("unknown target 'a\"b'"), "{\"error\":\"unknown target 'a\\\"b'\"}\n");
}

}  // namespace
}  // namespace smokeping::web
