// Dumper text for each kind of value. The expected texts were printed by the real
// Data::Dumper 2.184 (XS, perl 5.36) with Sortkeys=1, Indent=2 (master-slave.md §4.4).
#include "smokeping/protocol/dumper_writer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "smokeping/protocol/dumper_reader.hpp"

namespace smokeping::protocol {
namespace {

using V = PerlValue;

struct ScalarCase {
  const char* name;
  PerlValue value;
  std::string text;  // what follows "$VAR1 = " before ";\n"
};

class DumperScalar : public ::testing::TestWithParam<ScalarCase> {};

TEST_P(DumperScalar, MatchesPerl) {
  const ScalarCase& c = GetParam();
  EXPECT_EQ(dumper(c.value), "$VAR1 = " + c.text + ";\n");
  // Reading the text back and writing it again gives the same text.
  EXPECT_EQ(dumper(read_dumper(dumper(c.value))), dumper(c.value));
}

using namespace std::string_literals;

INSTANTIATE_TEST_SUITE_P(
    Perl, DumperScalar,
    ::testing::Values(
        ScalarCase{"undef", V(), "undef"}, ScalarCase{"plain", V::string("x"), "'x'"},
        ScalarCase{"empty", V::string(""), "''"}, ScalarCase{"int", V::number(5), "5"},
        ScalarCase{"negative", V::number(-7), "-7"},
        ScalarCase{"ten_chars_bare", V::number(-123456789), "-123456789"},
        ScalarCase{"ten_digits_bare", V::number(9999999999), "9999999999"},
        ScalarCase{"eleven_chars_quoted", V::number(-1234567890), "'-1234567890'"},
        ScalarCase{"big_quoted", V::number(12345678901), "'12345678901'"},
        ScalarCase{"numeric_string_quoted", V::string("5"), "'5'"},
        ScalarCase{"float_string_quoted", V::string("0.5"), "'0.5'"},
        ScalarCase{"no_interpolation_escapes", V::string("$x @y"), "'$x @y'"},
        ScalarCase{"quote_and_backslash", V::string("it's \\ here"), R"('it\'s \\ here')"},
        ScalarCase{"tab_raw", V::string("a\tb"), "'a\tb'"},
        ScalarCase{"nul_raw", V::string("a\0b"s), "'a\0b'"s},
        ScalarCase{"lf_raw", V::string("l1\nl2\n"), "'l1\nl2\n'"},
        ScalarCase{"high_bytes_raw", V::string("\xc3\xa9\xff"), "'\xc3\xa9\xff'"},
        ScalarCase{"utf8_ascii_single_quoted", V::string("it's", true), R"('it\'s')"},
        ScalarCase{"utf8_latin1", V::string("Caf\xc3\xa9", true), R"("Caf\x{e9}")"},
        ScalarCase{"utf8_wide", V::string("\xe2\x98\xba", true), R"("\x{263a}")"},
        ScalarCase{"utf8_escapes", V::string("\xe2\x98\xba \"q\" $x @y \\ it's\n\t", true),
                   "\"\\x{263a} \\\"q\\\" \\$x \\@y \\\\ it's\n\t\""},
        ScalarCase{"utf8_astral", V::string("\xf0\x9f\x98\x80", true), R"("\x{1f600}")"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(DumperWriter, EmptyContainers) {
  EXPECT_EQ(dumper(V::hash()), "$VAR1 = {};\n");
  EXPECT_EQ(dumper(V::array()), "$VAR1 = [];\n");
}

// The whole hash Perl printed for the §4.4 edge cases (plus nesting), Sortkeys=1.
TEST(DumperWriter, NestedLayoutMatchesPerl) {
  V h = V::hash();
  h.append("wideesc", V::string("\xe2\x98\xba \"q\" $x @y \\ it's\n\t", true));
  h.append("", V::string(""));
  h.append("big", V::number(12345678901));
  h.append("dollar", V::string("$x @y"));
  h.append("eleven", V::number(-1234567890));
  h.append("empty_a", V::array());
  h.append("empty_h", V::hash());
  h.append("iv", V::number(5));
  h.append("key'q", V::hash({{"k\\", V::string("v")}}));
  h.append("latin1_upgraded", V::string("Caf\xc3\xa9", true));
  h.append("maxten", V::number(9999999999));
  h.append("multi", V::string("l1\nl2\n"));
  h.append("neg", V::number(-7));
  V inner = V::array({V::number(1), V::array({V::number(2), V::array()}), V::hash()});
  V deep = V::hash({{"a", V::hash({{"b", V::array({V()})}})}});
  h.append("nested", V::array({inner, deep}));
  h.append("nul", V::string("a\0b"s));
  h.append("nv", V::string("0.5"));
  h.append("quote", V::string("it's \\ here"));
  h.append("raw8", V::string("\xc3\xa9\xff"));
  h.append("strnum", V::string("5"));
  h.append("tab", V::string("a\tb"));
  h.append("ten", V::number(-123456789));
  h.append("wide", V::string("\xe2\x98\xba", true));

  const std::string perl =
      "$VAR1 = {\n"
      "          '' => '',\n"
      "          'big' => '12345678901',\n"
      "          'dollar' => '$x @y',\n"
      "          'eleven' => '-1234567890',\n"
      "          'empty_a' => [],\n"
      "          'empty_h' => {},\n"
      "          'iv' => 5,\n"
      "          'key\\'q' => {\n"
      "                        'k\\\\' => 'v'\n"
      "                      },\n"
      "          'latin1_upgraded' => \"Caf\\x{e9}\",\n"
      "          'maxten' => 9999999999,\n"
      "          'multi' => 'l1\nl2\n',\n"
      "          'neg' => -7,\n"
      "          'nested' => [\n"
      "                        [\n"
      "                          1,\n"
      "                          [\n"
      "                            2,\n"
      "                            []\n"
      "                          ],\n"
      "                          {}\n"
      "                        ],\n"
      "                        {\n"
      "                          'a' => {\n"
      "                                   'b' => [\n"
      "                                            undef\n"
      "                                          ]\n"
      "                                 }\n"
      "                        }\n"
      "                      ],\n"
      "          'nul' => 'a\0b',\n"
      "          'nv' => '0.5',\n"
      "          'quote' => 'it\\'s \\\\ here',\n"
      "          'raw8' => '\xc3\xa9\xff',\n"
      "          'strnum' => '5',\n"
      "          'tab' => 'a\tb',\n"
      "          'ten' => -123456789,\n"
      "          'wide' => \"\\x{263a}\",\n"
      "          'wideesc' => \"\\x{263a} \\\"q\\\" \\$x \\@y \\\\ it's\n\t\"\n"
      "        };\n"s;
  EXPECT_EQ(dumper(h, {.sort_keys = true}), perl);
  // Without sorting, the insertion order is kept: `wideesc` comes first.
  std::string unsorted = dumper(h);
  EXPECT_EQ(unsorted.find("'wideesc'"), 20u);
  EXPECT_EQ(unsorted.size(), perl.size());
  // Read back and written again: the same text (quoted long numbers come back as strings).
  EXPECT_EQ(dumper(read_dumper(perl)), perl);
}

TEST(DumperWriter, SortIsBytewise) {
  V h = V::hash({{"b", V::number(1)},
                 {"\xc3\xa9", V::number(2)},
                 {"B", V::number(3)},
                 {"_order", V::number(4)},
                 {"__last", V::number(5)},
                 {"a", V::number(6)}});
  EXPECT_EQ(dumper(h, {.sort_keys = true}),
            "$VAR1 = {\n"
            "          'B' => 3,\n"
            "          '__last' => 5,\n"
            "          '_order' => 4,\n"
            "          'a' => 6,\n"
            "          'b' => 1,\n"
            "          '\xc3\xa9' => 2\n"
            "        };\n");
}

TEST(DumperWriter, NestedOpenerColumnFollowsTheKeyLength) {
  // A nested value's lines are indented to its opener's column + 2; the opener's column is
  // the key line's indent plus the quoted key and " => ".
  V h = V::hash({{"k'ey", V::hash({{"x", V::array({V::string("y")})}})}});
  EXPECT_EQ(dumper(h),
            "$VAR1 = {\n"
            "          'k\\'ey' => {\n"
            "                       'x' => [\n"
            "                                'y'\n"
            "                              ]\n"
            "                     }\n"
            "        };\n");
}

TEST(DumperWriter, InvalidUtf8InAUtf8StringIsWrittenAsLatin1Characters) {
  EXPECT_EQ(dumper(V::string("a\xff"
                             "b",
                             true)),
            "$VAR1 = \"a\\x{ff}b\";\n");
}

}  // namespace
}  // namespace smokeping::protocol
