#include "smokeping/export/line_protocol.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace smokeping::exports {
namespace {

TEST(LineProtocol, MeasurementEscapesCommasAndSpacesButNotEquals) {
  EXPECT_EQ(escape_measurement("a b,c=d"), "a\\ b\\,c=d");
}

TEST(LineProtocol, KeysEscapeCommasSpacesAndEquals) {
  EXPECT_EQ(escape_key("in the basement, rack=3"), "in\\ the\\ basement\\,\\ rack\\=3");
}

TEST(LineProtocol, QuotesInTagsStayLiteral) { EXPECT_EQ(escape_key("say \"hi\""), "say\\ \"hi\""); }

TEST(LineProtocol, BackslashIsDoubledOnlyWhereItWouldSwallowASeparator) {
  EXPECT_EQ(escape_key("C:\\dir"), "C:\\dir");
  EXPECT_EQ(escape_key("end\\"), "end\\\\");
  EXPECT_EQ(escape_key("a\\ b"), "a\\\\\\ b");
}

TEST(LineProtocol, LineBreaksBecomeSpaces) { EXPECT_EQ(escape_key("a\nb\r"), "a\\ b\\ "); }

TEST(LineProtocol, StringFieldsAreQuotedWithQuoteAndBackslashEscaped) {
  EXPECT_EQ(quote_string("a \"b\" \\c"), "\"a \\\"b\\\" \\\\c\"");
}

TEST(LineProtocol, EncodesTagsFieldsAndTimeInOrder) {
  Point p{"FPing",
          {{"host", "127.0.0.1"}, {"tag_where", "rack 1"}},
          {{"loss", std::int64_t{2}}, {"median", 0.0125}, {"note", std::string("x y")}},
          1700000000000};
  EXPECT_EQ(encode_line(p),
            "FPing,host=127.0.0.1,tag_where=rack\\ 1 loss=2i,median=0.0125,note=\"x y\" "
            "1700000000000");
}

TEST(LineProtocol, FloatsWithoutFractionStayFloats) {
  Point p{"m", {}, {{"v", 3.0}}, 1};
  EXPECT_EQ(encode_line(p), "m v=3 1");  // no `i`: InfluxDB reads a float
}

TEST(LineProtocol, NonFiniteFieldsAndEmptyTagsAreLeftOut) {
  Point p{"m",
          {{"title", ""}, {"", "x"}, {"host", "h"}},
          {{"a", std::numeric_limits<double>::quiet_NaN()},
           {"b", std::numeric_limits<double>::infinity()},
           {"c", 1.5}},
          7};
  EXPECT_EQ(encode_line(p), "m,host=h c=1.5 7");
}

TEST(LineProtocol, PointWithoutAWritableFieldEncodesAsNothing) {
  Point p{"m", {{"host", "h"}}, {{"a", std::numeric_limits<double>::quiet_NaN()}}, 7};
  EXPECT_EQ(encode_line(p), "");
  EXPECT_EQ(encode_line(Point{"", {}, {{"a", 1.0}}, 1}), "");
}

TEST(LineProtocol, SmallValuesKeepTheirPrecision) {
  Point p{"m", {}, {{"v", 1.234567890123e-05}}, 1};
  EXPECT_EQ(encode_line(p), "m v=1.234567890123e-05 1");
}

}  // namespace
}  // namespace smokeping::exports
