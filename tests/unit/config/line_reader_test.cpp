// The lexical layer (config.md §1): assignment split, table-row quoting, comments,
// continuation, @include, @define and line numbers, asserted on the values they produce.
#include "src/config/detail/line_reader.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "smokeping/config/config_error.hpp"
#include "smokeping/config/load.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::config {
namespace {

using detail::split_assignment;
using detail::split_table_row;
using test::TempConfig;
using Cells = std::vector<std::string>;

// The (key, value) split_assignment gives, or nullopt when the line is no assignment.
std::optional<std::pair<std::string, std::string>> assign(std::string_view line) {
  std::string key, value;
  if (!split_assignment(line, key, value)) return std::nullopt;
  return std::make_pair(key, value);
}

using KV = std::pair<std::string, std::string>;

// ---- split_assignment (§1.7) ----

TEST(LineReader, AssignmentWithSpacesAroundEquals) { EXPECT_EQ(assign("a = b"), KV("a", "b")); }

TEST(LineReader, AssignmentWithoutSpaces) { EXPECT_EQ(assign("key=value"), KV("key", "value")); }

TEST(LineReader, GreedyKeySplitsAtLastEqualsWhenNoSpaceBeforeIt) {
  EXPECT_EQ(assign("extraargs=--foo=bar"), KV("extraargs=--foo", "bar"));
}

TEST(LineReader, SpacedAssignmentKeepsEqualsInValue) {
  EXPECT_EQ(assign("extraargs = --foo=bar"), KV("extraargs", "--foo=bar"));
  EXPECT_EQ(assign("title = a=b"), KV("title", "a=b"));
  EXPECT_EQ(assign("a =b= c"), KV("a", "b= c"));
}

TEST(LineReader, KeyRunEndsAtWhitespaceBeforeEquals) {
  EXPECT_EQ(assign("a=b = c"), KV("a=b", "c"));    // \S+ is "a=b", then \s*=
  EXPECT_EQ(assign("a=b c=d"), KV("a", "b c=d"));  // backtracks to the first '='
  EXPECT_EQ(assign("a= b"), KV("a", "b"));
}

TEST(LineReader, LeadingEqualsIsNoAssignment) {
  EXPECT_EQ(assign("= foo"), std::nullopt);
  EXPECT_EQ(assign("="), std::nullopt);
}

TEST(LineReader, DoubleEqualsGivesEqualsKey) {
  EXPECT_EQ(assign("==x"), KV("=", "x"));  // Perl backtracks \S+ to "="
  EXPECT_EQ(assign("=a=b"), KV("=a", "b"));
}

TEST(LineReader, BareWordsAreNoAssignment) {
  EXPECT_EQ(assign("foo"), std::nullopt);
  EXPECT_EQ(assign("AVERAGE 0.5 1 1008"), std::nullopt);
}

TEST(LineReader, EmptyValueIsAnAssignment) {
  EXPECT_EQ(assign("a="), KV("a", ""));
  EXPECT_EQ(assign("alerts ="), KV("alerts", ""));
}

TEST(LineReader, TabsAroundEquals) {
  EXPECT_EQ(assign("key\t=\tvalue with\ttab"), KV("key", "value with\ttab"));
}

TEST(LineReader, QuotesInAssignmentsAreOrdinaryCharacters) {
  EXPECT_EQ(assign("title = \"x\""), KV("title", "\"x\""));
  EXPECT_EQ(assign("\"a = b\""), KV("\"a", "b\""));
}

// ---- split_table_row (§1.8) ----

TEST(LineReader, RowSplitsAtWhitespaceRuns) {
  EXPECT_EQ(split_table_row("AVERAGE  0.5\t1 1008"), (Cells{"AVERAGE", "0.5", "1", "1008"}));
}

TEST(LineReader, RowDoubleQuotesGroupWords) {
  EXPECT_EQ(split_table_row("\"Last 3 Hours\" 3h"), (Cells{"Last 3 Hours", "3h"}));
}

TEST(LineReader, RowSingleQuotesKeepDoubleQuotesInside) {
  EXPECT_EQ(split_table_row("'Last \"3\" Hours' 3h"), (Cells{"Last \"3\" Hours", "3h"}));
}

TEST(LineReader, RowBackslashEscapesSpaceInUnquotedCell) {
  EXPECT_EQ(split_table_row("Last\\ 3\\ Hours 3h"), (Cells{"Last 3 Hours", "3h"}));
}

TEST(LineReader, RowEscapedQuoteInsideQuotedCell) {
  EXPECT_EQ(split_table_row(R"("a \"b\" c" d)"), (Cells{"a \"b\" c", "d"}));
}

TEST(LineReader, RowClosingQuoteGluedToNextCellGivesTwoCells) {
  EXPECT_EQ(split_table_row("\"a\"b"), (Cells{"a", "b"}));
}

TEST(LineReader, RowUnterminatedEscapedQuoteBacktracksToBackslashCell) {
  // Perl's "((?:\\.|[^"])*)" backtracks: the backslash becomes content, the quote closes.
  EXPECT_EQ(split_table_row(R"("a\")"), (Cells{"a\\"}));
}

TEST(LineReader, RowEmptyQuotedCell) {
  EXPECT_EQ(split_table_row("\"\" 3h"), (Cells{"", "3h"}));
  EXPECT_EQ(split_table_row("'' ''"), (Cells{"", ""}));
}

TEST(LineReader, RowQuoteInsideUnquotedCellIsLiteral) {
  EXPECT_EQ(split_table_row("a\"b c"), (Cells{"a\"b", "c"}));
}

TEST(LineReader, RowUnterminatedQuoteIsAnOrdinaryWord) {
  EXPECT_EQ(split_table_row("\"abc def"), (Cells{"\"abc", "def"}));
}

// ---- via parse_file: continuation, comments, line ends (§1.2–§1.4) ----

class ParsedLocal : public ::testing::Test {
 protected:
  // Parses the minimal config whose node `+ Local` has `body`; returns that node.
  const RawSection* local(std::string_view body) {
    tree_ = test::parse(tmp_.write("etc/config", tmp_.with_local(body)));
    const RawSection* targets = tree_->child("Targets");
    return targets ? targets->child("Local") : nullptr;
  }
  std::string title(std::string_view body) {
    const RawSection* node = local(body);
    if (!node || !node->get("title")) return "<no title>";
    return *node->get("title");
  }
  TempConfig tmp_;
  std::unique_ptr<RawSection> tree_;
};

TEST_F(ParsedLocal, ContinuationKeepsSpaceBeforeBackslash) {
  EXPECT_EQ(title("title = a \\\nb\n"), "a  b");
}

TEST_F(ParsedLocal, ContinuationWithoutSpaceInsertsOne) {
  EXPECT_EQ(title("title = a\\\nb\n"), "a b");
}

TEST_F(ParsedLocal, ContinuationLineIsNotCommentStripped) {
  EXPECT_EQ(title("title = a \\\nb # c\n"), "a  b # c");
}

TEST_F(ParsedLocal, CommentSwallowsContinuationBackslash) {
  const RawSection* node = local("title = a # c \\\nmenu = m\n");
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(*node->get("title"), "a");
  EXPECT_EQ(*node->get("menu"), "m");  // the next line stood on its own
}

TEST_F(ParsedLocal, CommentRemovedBeforeBackslashTest) {
  EXPECT_EQ(title("title = a \\ # c\nb\n"), "a  b");
}

TEST_F(ParsedLocal, ContinuationConsumesEmptyLine) {
  const RawSection* node = local("title = a \\\n\nmenu = m\n");
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(*node->get("title"), "a  ");
  EXPECT_EQ(*node->get("menu"), "m");
}

TEST_F(ParsedLocal, ContinuationOfLoneBackslashLine) {
  EXPECT_EQ(title("title = a \\\n\\\nb\n"), "a   b");
}

TEST_F(ParsedLocal, ContinuationAtEndOfFile) {
  EXPECT_EQ(title("title = a \\"), "a ");
  EXPECT_EQ(title("title = a \\\n"), "a ");
}

TEST_F(ParsedLocal, ContinuationLineIsTrimmed) {
  EXPECT_EQ(title("title = a\\\n\t  b  \t\n"), "a b");
}

TEST_F(ParsedLocal, CommentCutsValueAndSpaceBeforeIt) {
  const RawSection* node = local("title = Room #5\nmenu = x#y\nremark = \"quoted # not safe\"\n");
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(*node->get("title"), "Room");
  EXPECT_EQ(*node->get("menu"), "x");
  EXPECT_EQ(*node->get("remark"), "\"quoted");
}

TEST_F(ParsedLocal, CommentAfterSectionHeaderIsNotPartOfName) {
  local("title = t\n++ Child # the child\nmenu = c\n");
  const RawSection* node = tree_->child("Targets")->child("Local");
  ASSERT_NE(node->child("Child"), nullptr);
  EXPECT_EQ(*node->child("Child")->get("menu"), "c");
}

TEST_F(ParsedLocal, FinalLineWithoutNewline) { EXPECT_EQ(title("title = Last"), "Last"); }

TEST(LineReaderFile, CrlfLinesGiveSameValuesAsLf) {
  TempConfig tmp;
  std::string text = tmp.with_local("title = Crlf Title\nmenu = a \\\nb\n");
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  auto tree = test::parse(tmp.write("etc/config", crlf));
  const RawSection* local = tree->child("Targets")->child("Local");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(*local->get("title"), "Crlf Title");
  EXPECT_EQ(*local->get("menu"), "a  b");
  EXPECT_EQ(*tree->child("General")->get("owner"), "Tester");
}

// ---- @include (§1.9) ----

TEST(LineReaderInclude, RelativePathResolvesAgainstIncludingFile) {
  TempConfig tmp;
  tmp.write("etc/targets.inc", "+ Inc\nmenu = from include\n");
  auto tree = test::parse(
      tmp.write("etc/config", tmp.config(TempConfig::targets_top() + "@include targets.inc\n")));
  const RawSection* inc = tree->child("Targets")->child("Inc");
  ASSERT_NE(inc, nullptr);
  EXPECT_EQ(*inc->get("menu"), "from include");
  EXPECT_EQ(inc->loc().file_name(), tmp.path("etc/targets.inc"));
  EXPECT_EQ(inc->loc().line, 1);
}

TEST(LineReaderInclude, NestedIncludesResolveAgainstTheirOwnDirectory) {
  TempConfig tmp;
  tmp.write("etc/sub/a.inc", "+ A\nmenu = a\n@include b.inc\n");
  tmp.write("etc/sub/b.inc", "+ B\nmenu = b\n");
  tmp.write("etc/b.inc", "+ Wrong\n");
  auto tree = test::parse(
      tmp.write("etc/config", tmp.config(TempConfig::targets_top() + "@include sub/a.inc\n")));
  const RawSection* targets = tree->child("Targets");
  ASSERT_NE(targets->child("B"), nullptr);
  EXPECT_EQ(targets->child("Wrong"), nullptr);
  EXPECT_EQ(targets->child("B")->loc().file_name(), tmp.path("etc/sub/b.inc"));
}

TEST(LineReaderInclude, TopFileWithoutDirectoryIncludesRelativeToWorkingDirectory) {
  TempConfig tmp;
  tmp.write("etc/sub/x.inc", "+ X\n@include y.inc\n");
  tmp.write("etc/sub/y.inc", "menu = from y\nhide = bogus\n");
  tmp.write("etc/config", tmp.config(TempConfig::targets_top() + "@include sub/x.inc\n"));
  test::ScopedChdir cd(tmp.path("etc"));
  try {
    test::parse("config");
    FAIL() << "hide = bogus was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.message(), "syntax error in value of 'hide'");
    EXPECT_EQ(e.loc().file_name(), "sub/y.inc");
    EXPECT_EQ(e.loc().line, 2);
  }
}

TEST(LineReaderInclude, IncludedFileAddsVariablesToCurrentSection) {
  TempConfig tmp;
  tmp.write("etc/pathnames", "syslogfacility = local0\ndisplay_name = included\n");
  std::string text = tmp.general("@include pathnames\n") + TempConfig::database() +
                     tmp.presentation() + tmp.probes() + TempConfig::targets_top();
  auto tree = test::parse(tmp.write("etc/config", text));
  EXPECT_EQ(*tree->child("General")->get("syslogfacility"), "local0");
  EXPECT_EQ(*tree->child("General")->get("display_name"), "included");
}

TEST(LineReaderInclude, SectionOpenedInIncludedFileStaysOpen) {
  TempConfig tmp;
  tmp.write("etc/group.inc", "+ Group\nmenu = Group menu\n");
  std::string targets =
      TempConfig::targets_top() + "@include group.inc\ntitle = After include\n++ Child\nmenu = c\n";
  auto tree = test::parse(tmp.write("etc/config", tmp.config(targets)));
  const RawSection* group = tree->child("Targets")->child("Group");
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(*group->get("menu"), "Group menu");
  EXPECT_EQ(*group->get("title"), "After include");
  EXPECT_EQ(group->find("title")->loc.file_name(), tmp.path("etc/config"));
  ASSERT_NE(group->child("Child"), nullptr);
  EXPECT_EQ(*group->child("Child")->get("menu"), "c");
}

TEST(LineReaderInclude, SingleLeadingQuoteAndTrailingCommentAreDropped) {
  TempConfig tmp;
  tmp.write("etc/a.inc", "+ A\n");
  tmp.write("etc/b.inc", "+ B\n");
  std::string targets = TempConfig::targets_top() + "@include 'a.inc\n@include b.inc # comment\n";
  auto tree = test::parse(tmp.write("etc/config", tmp.config(targets)));
  EXPECT_NE(tree->child("Targets")->child("A"), nullptr);
  EXPECT_NE(tree->child("Targets")->child("B"), nullptr);
}

TEST(LineReaderInclude, QuotedIncludeFailsWithTrailingQuoteInName) {
  TempConfig tmp;
  tmp.write("etc/x", "+ X\n");
  std::string prefix = tmp.config(TempConfig::targets_top());
  std::string file = tmp.write("etc/config", prefix + "@include \"x\"\n");
  try {
    test::parse(file);
    FAIL() << "quoted include was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.message(), "can't open " + tmp.path("etc/x\"") + ": No such file or directory");
    EXPECT_EQ(e.loc().file_name(), file);  // we name the @include line; the original does not
    EXPECT_EQ(e.loc().line, test::next_line(prefix));
  }
}

TEST(LineReaderInclude, ErrorInIncludedFileNamesThatFileAndLine) {
  TempConfig tmp;
  std::string inc = tmp.write("etc/nodes.inc", "+ A\nmenu = a\n\n# comment\nhide = maybe\n");
  std::string file =
      tmp.write("etc/config", tmp.config(TempConfig::targets_top() + "@include nodes.inc\n"));
  try {
    test::parse(file);
    FAIL() << "hide = maybe was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.message(), "syntax error in value of 'hide'");
    EXPECT_EQ(e.loc().file_name(), inc);
    EXPECT_EQ(e.loc().line, 5);
  }
}

TEST(LineReaderInclude, LineNumbersRestoredAfterInclude) {
  TempConfig tmp;
  tmp.write("etc/nodes.inc", "+ A\nmenu = a\ntitle = a\n");
  std::string prefix = tmp.config(TempConfig::targets_top() + "@include nodes.inc\n+ B\n");
  std::string file = tmp.write("etc/config", prefix + "hide = maybe\n");
  try {
    test::parse(file);
    FAIL() << "hide = maybe was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.loc().file_name(), file);
    EXPECT_EQ(e.loc().line, test::next_line(prefix));
  }
}

// ---- @define (§1.10) ----

TEST_F(ParsedLocal, DefineNameIsARegularExpression) {
  const RawSection* node = local("@define T.TLE title\nTxTLE = x\n");
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(*node->get("title"), "x");
}

TEST_F(ParsedLocal, DefineReplacesEveryMatchInValuesAndHeaders) {
  const RawSection* node = local("@define NAME Zed\nmenu = NAME and NAME\n++ NAME\ntitle = NAME\n");
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(*node->get("menu"), "Zed and Zed");
  ASSERT_NE(node->child("Zed"), nullptr);
  EXPECT_EQ(*node->child("Zed")->get("title"), "Zed");
}

TEST(LineReaderDefine, DefineDoesNotApplyToIncludeLinesButToIncludedText) {
  TempConfig tmp;
  tmp.write("etc/nodes.inc", "+ Inc\nmenu = WORD\n");
  std::string targets = TempConfig::targets_top() +
                        "@define nodes broken\n@define WORD replaced\n@include nodes.inc\n";
  auto tree = test::parse(tmp.write("etc/config", tmp.config(targets)));
  const RawSection* inc = tree->child("Targets")->child("Inc");
  ASSERT_NE(inc, nullptr);
  EXPECT_EQ(*inc->get("menu"), "replaced");
}

// ---- line numbers (§1.2 step 6, §1.4) ----

TEST(LineReaderLines, ErrorOnContinuedLineReportsLastPhysicalLine) {
  TempConfig tmp;
  std::string prefix = tmp.with_local("title = t\n");
  std::string file = tmp.write("etc/config", prefix + "hide = maybe \\\nreally \\\nnot\n");
  try {
    test::parse(file);
    FAIL() << "bad hide was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.message(), "syntax error in value of 'hide'");
    EXPECT_EQ(e.loc().line, test::next_line(prefix) + 2);
  }
}

TEST(LineReaderLines, ValueLocationIsLastPhysicalLineOfContinuation) {
  TempConfig tmp;
  std::string prefix = tmp.with_local("");
  auto tree = test::parse(tmp.write("etc/config", prefix + "# comment\n\nremark = one \\\ntwo\n"));
  const RawValue* remark = tree->child("Targets")->child("Local")->find("remark");
  ASSERT_NE(remark, nullptr);
  EXPECT_EQ(remark->text, "one  two");
  EXPECT_EQ(remark->loc.line, test::next_line(prefix) + 3);
}

}  // namespace
}  // namespace smokeping::config
