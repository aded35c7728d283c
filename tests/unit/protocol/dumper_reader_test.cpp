// The data-only reader of master-slave.md §4.6: what it accepts, what it refuses, where.
#include "smokeping/protocol/dumper_reader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace smokeping::protocol {
namespace {

using V = PerlValue;
using namespace std::string_literals;

struct Accepted {
  const char* name;
  std::string text;
  PerlValue value;
};

class DumperReaderAccepts : public ::testing::TestWithParam<Accepted> {};

TEST_P(DumperReaderAccepts, Value) {
  const Accepted& c = GetParam();
  EXPECT_EQ(read_dumper(c.text), c.value);
}

INSTANTIATE_TEST_SUITE_P(
    Subset, DumperReaderAccepts,
    ::testing::Values(
        Accepted{"undef", "$VAR1 = undef;", V()}, Accepted{"no_spaces", "$VAR1=undef;", V()},
        Accepted{"trailing_whitespace", "$VAR1 = 1;\n\n \t", V::number(1)},
        Accepted{"leading_whitespace", "\n $VAR1 = 1;", V::number(1)},
        Accepted{"integer", "$VAR1 = 1795563841;", V::number(1795563841)},
        Accepted{"negative", "$VAR1 = -7;", V::number(-7)},
        Accepted{"zero", "$VAR1 = 0;", V::number(0)},
        Accepted{"sq_plain", "$VAR1 = 'abc';", V::string("abc")},
        Accepted{"sq_escapes", R"($VAR1 = 'it\'s \\ x';)", V::string("it's \\ x")},
        Accepted{"sq_other_backslash_literal", R"($VAR1 = 'a\nb\x';)", V::string("a\\nb\\x")},
        Accepted{"sq_raw_bytes", "$VAR1 = 'l1\nl2\t\0\xc3\xa9';"s,
                 V::string("l1\nl2\t\0\xc3\xa9"s)},
        Accepted{"sq_dollar_at", "$VAR1 = '$x @y';", V::string("$x @y")},
        Accepted{"dq_escapes", R"($VAR1 = "\\ \" \$ \@ \n\t\r\0";)",
                 V::string("\\ \" $ @ \n\t\r\0"s)},
        Accepted{"dq_more_escapes", R"($VAR1 = "\a\b\f\e";)", V::string("\a\b\f\x1b")},
        Accepted{"dq_latin1_char_as_utf8", R"($VAR1 = "Caf\x{e9}";)",
                 V::string("Caf\xc3\xa9", true)},
        Accepted{"dq_wide", R"($VAR1 = "\x{263a}";)", V::string("\xe2\x98\xba", true)},
        Accepted{"dq_astral", R"($VAR1 = "\x{1F600}";)", V::string("\xf0\x9f\x98\x80", true)},
        Accepted{"dq_short_hex", R"($VAR1 = "\x41\x9";)", V::string("A\t")},
        Accepted{"dq_ascii_hex_not_utf8", R"($VAR1 = "\x{41}";)", V::string("A")},
        Accepted{"dq_octal", R"($VAR1 = "\0\12\101\351";)",
                 V::string("\0\n"s
                           "A\xe9")},
        Accepted{"dq_octal_then_digit", R"($VAR1 = "\0018";)",
                 V::string("\x01"
                           "8")},
        Accepted{"dq_raw_bytes", "$VAR1 = \"a\nb\xc3\xa9\";", V::string("a\nb\xc3\xa9")},
        Accepted{"dq_single_quote", R"($VAR1 = "it's";)", V::string("it's")},
        Accepted{"empty_hash", "$VAR1 = {};", V::hash()},
        Accepted{"empty_array", "$VAR1 = [ ];", V::array()},
        Accepted{"hash_order_kept", "$VAR1 = {'b' => 1, 'a' => 'x', \"c\" => undef};",
                 V::hash({{"b", V::number(1)}, {"a", V::string("x")}, {"c", V()}})},
        Accepted{"nested", "$VAR1 = {\n  'a' => [\n    [ 'x', 2 ],\n    {}\n  ]\n};\n",
                 V::hash({{"a", V::array({V::array({V::string("x"), V::number(2)}), V::hash()})}})},
        Accepted{"dq_key", R"($VAR1 = {"k\x{e9}" => 1};)", V::hash({{"k\xc3\xa9", V::number(1)}})},
        Accepted{"pure_perl_bare_numbers", "$VAR1 = {'step' => 300, 'pings' => 20};",
                 V::hash({{"step", V::number(300)}, {"pings", V::number(20)}})},
        Accepted{"undef_in_array", "$VAR1 = [undef,undef];", V::array({V(), V()})},
        Accepted{"vertical_tab_formfeed_cr", "$VAR1\r\n=\f\v1\r\n;", V::number(1)}),
    [](const auto& info) { return std::string(info.param.name); });

struct Refused {
  const char* name;
  std::string text;
  size_t offset;        // where the error points
  const char* message;  // a part of the message
};

class DumperReaderRefuses : public ::testing::TestWithParam<Refused> {};

TEST_P(DumperReaderRefuses, WithOffset) {
  const Refused& c = GetParam();
  try {
    read_dumper(c.text);
    FAIL() << "accepted: " << c.text;
  } catch (const DumperError& e) {
    EXPECT_EQ(e.offset(), c.offset) << e.what();
    EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("byte " + std::to_string(c.offset)), std::string::npos)
        << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Subset, DumperReaderRefuses,
    ::testing::Values(
        Refused{"empty", "", 0, "must start with '$VAR1 ='"},
        Refused{"other_variable", "$VAR2 = 1;", 0, "must start with '$VAR1 ='"},
        Refused{"longer_name", "$VAR12 = 1;", 0, "must start with '$VAR1 ='"},
        Refused{"no_equals", "$VAR1 1;", 6, "expected '='"},
        Refused{"no_semicolon", "$VAR1 = 1", 9, "expected ';'"},
        Refused{"text_after", "$VAR1 = 1; system('x');", 11, "after the final ';'"},
        Refused{"two_statements", "$VAR1 = 1;;", 10, "after the final ';'"},
        Refused{"reference_top", "$VAR1->{a} = 1;", 5, "references"},
        Refused{"back_reference", "$VAR1 = {'a' => {}, 'b' => $VAR1->{'a'}};", 27, "references"},
        Refused{"bless", "$VAR1 = bless( {}, 'Foo' );", 8, "'bless' is not accepted"},
        Refused{"sub", "$VAR1 = sub { 1 };", 8, "'sub' is not accepted"},
        Refused{"do_block", "$VAR1 = do { 1 };", 8, "'do' is not accepted"},
        Refused{"undef_prefix", "$VAR1 = undefined;", 8, "'undefined' is not accepted"},
        Refused{"bareword_key", "$VAR1 = {a => 1};", 9, "expected a quoted hash key"},
        Refused{"number_key", "$VAR1 = {1 => 1};", 9, "expected a quoted hash key"},
        Refused{"fat_comma_missing", "$VAR1 = {'a', 1};", 12, "expected '=>'"},
        Refused{"repeated_key", "$VAR1 = {'a' => 1, 'a' => 2};", 19, "hash key 'a' repeated"},
        Refused{"trailing_comma_hash", "$VAR1 = {'a' => 1,};", 18, "trailing ','"},
        Refused{"trailing_comma_array", "$VAR1 = [1,];", 11, "trailing ','"},
        Refused{"unclosed_hash", "$VAR1 = {'a' => 1;", 17, "expected ',' or '}'"},
        Refused{"unclosed_array", "$VAR1 = [1", 10, "expected ',' or ']'"},
        Refused{"unclosed_sq", "$VAR1 = 'abc;", 8, "closing '"},
        Refused{"unclosed_dq", "$VAR1 = \"abc;", 8, "closing \""},
        Refused{"dq_interpolation", "$VAR1 = \"a$b\";", 10, "interpolate"},
        Refused{"dq_array_interpolation", "$VAR1 = \"a@b\";", 10, "interpolate"},
        Refused{"dq_code_escape", R"($VAR1 = "\N{U+41}";)", 9, "escape '\\'N'' is not accepted"},
        Refused{"dq_control_escape", R"($VAR1 = "\cA";)", 9, "is not accepted"},
        Refused{"dq_octal_too_big", R"($VAR1 = "\400";)", 9, "above \\377"},
        Refused{"dq_bad_hex", R"($VAR1 = "\x{zz}";)", 9, "malformed"},
        Refused{"dq_hex_surrogate", R"($VAR1 = "\x{d800}";)", 9, "not a Unicode character"},
        Refused{"dq_hex_too_big", R"($VAR1 = "\x{110000}";)", 9, "not a Unicode character"},
        Refused{"float", "$VAR1 = 0.5;", 8, "only integers"},
        Refused{"exponent", "$VAR1 = 1e5;", 8, "only integers"},
        Refused{"octal_literal", "$VAR1 = 010;", 8, "leading zero"},
        Refused{"minus_only", "$VAR1 = -;", 8, "digits after '-'"},
        Refused{"comment", "$VAR1 = # c\n 1;", 8, "expected a value"},
        Refused{"list", "$VAR1 = (1, 2);", 8, "expected a value"},
        Refused{"heredoc", "$VAR1 = <<EOF;\nx\nEOF\n", 8, "expected a value"},
        Refused{"qq_operator", "$VAR1 = qq{x};", 8, "'qq' is not accepted"},
        Refused{"missing_value", "$VAR1 = ;", 8, "expected a value"},
        Refused{"nul_outside_string", "$VAR1 = 1;\0"s, 10, "after the final ';'"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(DumperReader, DepthLimit) {
  DumperLimits limits;
  limits.max_depth = 3;
  EXPECT_NO_THROW(read_dumper("$VAR1 = [[[1]]];", limits));
  try {
    read_dumper("$VAR1 = [[[[1]]]];", limits);
    FAIL();
  } catch (const DumperError& e) {
    EXPECT_EQ(e.offset(), 11u);
    EXPECT_NE(std::string(e.what()).find("deeper than 3"), std::string::npos);
  }
}

TEST(DumperReader, DefaultDepthLimitStopsRunawayNesting) {
  std::string text = "$VAR1 = " + std::string(100000, '[') + std::string(100000, ']') + ";";
  EXPECT_THROW(read_dumper(text), DumperError);
}

TEST(DumperReader, SizeLimit) {
  DumperLimits limits;
  limits.max_bytes = 10;
  EXPECT_NO_THROW(read_dumper("$VAR1 = 1;", limits));
  try {
    read_dumper("$VAR1 = 12;", limits);
    FAIL();
  } catch (const DumperError& e) {
    EXPECT_NE(std::string(e.what()).find("longer than the limit of 10 bytes"), std::string::npos);
  }
}

TEST(DumperReader, NodeLimit) {
  DumperLimits limits;
  limits.max_nodes = 4;
  EXPECT_NO_THROW(read_dumper("$VAR1 = [1, 2, 3];", limits));
  try {
    read_dumper("$VAR1 = [1, 2, 3, 4];", limits);
    FAIL();
  } catch (const DumperError& e) {
    EXPECT_EQ(e.offset(), 18u);
    EXPECT_NE(std::string(e.what()).find("more than 4 values"), std::string::npos);
  }
}

TEST(DumperReader, ManyKeysAreReadInLinearTime) {
  std::string text = "$VAR1 = {";
  for (int i = 0; i < 200000; ++i) {
    if (i) text += ",";
    text += "'k" + std::to_string(i) + "' => " + std::to_string(i);
  }
  text += "};";
  PerlValue v = read_dumper(text);
  ASSERT_EQ(v.entries().size(), 200000u);
  EXPECT_EQ(v.entries().back().second, V::number(199999));
}

}  // namespace
}  // namespace smokeping::protocol
