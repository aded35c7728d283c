// Alert patterns, matchers and chart sorters (config.md §5). Every expectation below was checked
// against the original (2.9.0 init_alerts/load_sorters run under Perl); error texts are the
// original's with " at (eval N) line 1." dropped and its line breaks turned into spaces.
#include "smokeping/config/alert_rule.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace smokeping::config {
namespace {

using Kind = PatternElement::Kind;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const AlertSyntaxError& e) {
    return e.what();
  }
  return "<accepted>";
}

const char* type_name(AlertType t) { return t == AlertType::loss ? "loss" : "rtt"; }

PatternElement compare(CompareOp op, double value) {
  PatternElement e;
  e.kind = Kind::compare;
  e.op = op;
  e.value = value;
  return e;
}

PatternElement range(CompareOp op, double value, CompareOp op2, double value2) {
  PatternElement e = compare(op, value);
  e.has_second = true;
  e.op2 = op2;
  e.value2 = value2;
  return e;
}

PatternElement marker(Kind kind, CompareOp op = CompareOp::eq) {
  PatternElement e;
  e.kind = kind;
  e.op = op;
  return e;
}

PatternElement skip(int n) {
  PatternElement e;
  e.kind = Kind::skip;
  e.skip = n;
  return e;
}

struct LengthCase {
  AlertType type;
  std::string pattern;
  int min_length;
  int max_length;
};

// Every distinct pattern of the fixture configs, plus the verified synthetic ones.
TEST(ClassicPattern, AcceptsFixtureAndVerifiedPatternsWithTheirLengths) {
  const std::vector<LengthCase> cases = {
      {AlertType::loss, "<90%,>90%,>90%,>90%,>90%,>90%,>90%,>90%,>90%,>90%,>90%", 11, 11},
      {AlertType::loss, "==0%,==0%,==0%, ==U", 4, 4},
      {AlertType::loss, "==0%,==0%,==0%,==0%,>0%,>0%,>0%", 7, 7},
      {AlertType::loss, "==0%,==0%,==0%,==0%,>10%,>10%,>10%", 7, 7},
      {AlertType::loss, "==0%,==0%,==100%,==100%,==100%", 5, 5},
      {AlertType::loss, "==0%,==0%,>0%,>0%", 4, 4},
      {AlertType::loss, "==0%,>0%,>0%", 3, 3},
      {AlertType::loss, "==S,>0%,>0%,>0%", 4, 4},
      {AlertType::loss, ">0%,*12*,>0%,*12*,>0%", 3, 27},
      {AlertType::loss, ">0%,*5*,>0%,*5*,>0%", 3, 13},
      {AlertType::loss, ">0%<=25%,*12*,>0%<=25%,*12*,>0%<=25%", 3, 27},
      {AlertType::loss, ">10%,>10%", 2, 2},
      {AlertType::loss, ">25%<=50%,*12*,>25%<=50%,*12*,>25%<=50%", 3, 27},
      {AlertType::loss, ">50%,*12*,>50%,*12*,>50%", 3, 27},
      {AlertType::rtt, "<10,<10,<10,<10,<10,<100,>100,>100,>100", 9, 9},
      {AlertType::rtt, "<100,<100,<100,<100,<100,<150,>150,>150,>150", 9, 9},
      {AlertType::rtt, ">20,>20,>20", 3, 3},
      {AlertType::rtt, ">35,>35,>35", 3, 3},
      {AlertType::rtt, ">10 , <5", 2, 2},
      {AlertType::rtt, "==S,>10.5,<=3.", 3, 3},
      {AlertType::loss, ">0%<=25%", 1, 1},
      {AlertType::loss, "*3*,>1%,*2*,==U", 2, 7},
      {AlertType::loss, "*3*", 0, 3},
      {AlertType::rtt, "==*,!=U,*1*", 2, 3},
      // `%` and a second operator after `*N*`, `U` or `S` are matched and then ignored.
      {AlertType::loss, "*3*%<5", 0, 3},
      {AlertType::loss, "==U<5", 1, 1},
      {AlertType::rtt, "==S<5", 1, 1},
      {AlertType::rtt, ">5%", 1, 1},
      // Perl's split drops trailing empty fields, so these have fewer elements than commas.
      {AlertType::loss, "", 0, 0},
      {AlertType::loss, ",", 0, 0},
      {AlertType::loss, " , ,", 0, 0},
      {AlertType::loss, ">10%,", 1, 1},
      {AlertType::rtt, "*2147483647*,*1*", 0, INT_MAX},
  };
  for (const LengthCase& c : cases) {
    SCOPED_TRACE(std::string(type_name(c.type)) + " " + c.pattern);
    ClassicPattern p;
    ASSERT_NO_THROW(p = parse_classic_pattern("al", c.type, c.pattern));
    EXPECT_EQ(p.min_length, c.min_length);
    EXPECT_EQ(p.max_length, c.max_length);
  }
}

TEST(ClassicPattern, FillsElementsOldestFirst) {
  ClassicPattern p = parse_classic_pattern("al", AlertType::loss,
                                           ">0%<=25%,*12*,==U,!=U,==S,==*,<5%,>=1.5%,!=0%,==100%");
  const std::vector<PatternElement> want = {
      range(CompareOp::gt, 0, CompareOp::le, 25),
      skip(12),
      marker(Kind::unknown, CompareOp::eq),
      marker(Kind::unknown, CompareOp::ne),
      marker(Kind::start),
      marker(Kind::any),
      compare(CompareOp::lt, 5),
      compare(CompareOp::ge, 1.5),
      compare(CompareOp::ne, 0),
      compare(CompareOp::eq, 100),
  };
  EXPECT_EQ(p.elements, want);
  EXPECT_EQ(p.min_length, 9);
  EXPECT_EQ(p.max_length, 21);
}

TEST(ClassicPattern, RttValuesStayInMillisecondsAsWritten) {
  ClassicPattern p = parse_classic_pattern("al", AlertType::rtt, "==S,>10.5,<=3.,>1<2.5");
  const std::vector<PatternElement> want = {
      marker(Kind::start),
      compare(CompareOp::gt, 10.5),
      compare(CompareOp::le, 3),
      range(CompareOp::gt, 1, CompareOp::lt, 2.5),
  };
  EXPECT_EQ(p.elements, want);
}

// The original pastes values into generated Perl code: a loss value is a Perl literal (leading 0
// means octal, `010.25` is octal 010 concatenated with 25), an rtt value is a converted string
// (decimal; a trailing `*` is ignored).
TEST(ClassicPattern, ValuesAreReadAsTheOriginalsGeneratedCodeReadsThem) {
  const std::vector<std::pair<std::string, PatternElement>> loss = {
      {"==010%", compare(CompareOp::eq, 8)},
      {"==010.25%", compare(CompareOp::eq, 825)},
      {"==00.5%", compare(CompareOp::eq, 5)},
      {"==0.5%", compare(CompareOp::eq, 0.5)},
      {">0%<=010%", range(CompareOp::gt, 0, CompareOp::le, 8)},
  };
  for (const auto& [pattern, element] : loss) {
    SCOPED_TRACE(pattern);
    EXPECT_EQ(parse_classic_pattern("al", AlertType::loss, pattern).elements,
              std::vector<PatternElement>{element});
  }
  EXPECT_EQ(parse_classic_pattern("al", AlertType::rtt, "==0009").elements,
            std::vector<PatternElement>{compare(CompareOp::eq, 9)});
  EXPECT_EQ(parse_classic_pattern("al", AlertType::rtt, "==3*").elements,
            std::vector<PatternElement>{compare(CompareOp::eq, 3)});
}

struct RejectCase {
  AlertType type;
  std::string pattern;
  std::string message;
};

TEST(ClassicPattern, RejectsWithTheOriginalsMessages) {
  const std::string nines_251(251, '9');
  const std::string nines_400(400, '9');
  const std::vector<RejectCase> cases = {
      {AlertType::loss, "==0,>20%", "ERROR: loss should be specified in % (alert al pattern)"},
      {AlertType::loss, ">5%<10", "ERROR: loss should be specified in % (alert al pattern)"},
      {AlertType::loss, "==3*", "ERROR: loss should be specified in % (alert al pattern)"},
      {AlertType::loss, ">U", "ERROR: invalid operator > in connection U in Alert al definition"},
      {AlertType::rtt, "<=U", "ERROR: invalid operator <= in connection U in Alert al definition"},
      {AlertType::loss, "*x*", "ERROR: Alert al pattern entry '*x*' is invalid"},
      {AlertType::loss, "*0*",
       "ERROR: multi-match operator * must be followed by Number* in Alert al definition"},
      {AlertType::loss, "**",
       "ERROR: multi-match operator * must be followed by Number* in Alert al definition"},
      {AlertType::rtt, "*U",
       "ERROR: multi-match operator * must be followed by Number* in Alert al definition"},
      {AlertType::rtt, "*01*",
       "ERROR: multi-match operator * must be followed by Number* in Alert al definition"},
      {AlertType::loss, ">S", "ERROR: S is only valid with == operator in Alert al definition"},
      {AlertType::rtt, "!=S", "ERROR: S is only valid with == operator in Alert al definition"},
      {AlertType::loss, "<*", "ERROR: operator < makes no sense with * in Alert al definition"},
      {AlertType::rtt, "!=*", "ERROR: operator != makes no sense with * in Alert al definition"},
      {AlertType::loss, ">10%,,>5%", "ERROR: Alert al pattern entry '' is invalid"},
      {AlertType::loss, ",>10%", "ERROR: Alert al pattern entry '' is invalid"},
      {AlertType::loss, " >10%", "ERROR: Alert al pattern entry ' >10%' is invalid"},
      {AlertType::rtt, ">10 ", "ERROR: Alert al pattern entry '>10 ' is invalid"},
      {AlertType::rtt, ">5==5", "ERROR: Alert al pattern entry '>5==5' is invalid"},
      {AlertType::rtt, "=<5", "ERROR: Alert al pattern entry '=<5' is invalid"},
      {AlertType::rtt, "==-5", "ERROR: Alert al pattern entry '==-5' is invalid"},
      {AlertType::rtt, ">.5", "ERROR: Alert al pattern entry '>.5' is invalid"},
      {AlertType::rtt, ">1<2<3", "ERROR: Alert al pattern entry '>1<2<3' is invalid"},
      // Problems of the generated code surface only after every element passed its checks.
      {AlertType::loss, "==08%",
       "ERROR: compiling alert pattern al (==08%): Illegal octal digit '8'"},
      {AlertType::loss, ">0%<=09%",
       "ERROR: compiling alert pattern al (>0%<=09%): Illegal octal digit '9'"},
      {AlertType::loss, "==3*%", "ERROR: compiling alert pattern al (==3*%): syntax error"},
      {AlertType::loss, "==007.%", "ERROR: compiling alert pattern al (==007.%): syntax error"},
      {AlertType::loss, "==08%,>U",
       "ERROR: invalid operator > in connection U in Alert al definition"},
      {AlertType::loss, ">" + nines_251 + "%",
       "ERROR: compiling alert pattern al (>" + nines_251 + "%): Number too long"},
      {AlertType::rtt, "<" + nines_400,
       "ERROR: compiling alert pattern al (<" + nines_400 +
           "): Bareword \"Inf\" not allowed while \"strict subs\" in use"},
      {AlertType::matcher, ">1", "ERROR: unknown alert type matcher"},
  };
  for (const RejectCase& c : cases) {
    SCOPED_TRACE(c.pattern);
    EXPECT_EQ(error_of([&] { parse_classic_pattern("al", c.type, c.pattern); }), c.message);
  }
}

TEST(ClassicPattern, LongestAcceptedLiteralHas250Digits) {
  EXPECT_NO_THROW(parse_classic_pattern("al", AlertType::loss, ">" + std::string(250, '9') + "%"));
  EXPECT_NO_THROW(parse_classic_pattern("al", AlertType::loss, ">" + std::string(250, '9') + ".%"));
}

TEST(ClassicPattern, ElementsWithoutComparisonAcceptAnyTypeOfAlert) {
  // The unknown-type error is only reached by a numeric comparison.
  EXPECT_NO_THROW(parse_classic_pattern("al", AlertType::matcher, "==U,*2*,==S"));
}

struct MatcherCase {
  std::string pattern;
  int history_length;
};

TEST(Matcher, AcceptsKnownMatchersAndComputesHistoryLength) {
  const std::vector<MatcherCase> cases = {
      {"Avgratio(historic=>10,current=>2,comparator=>'>',percentage=>150)", 12},
      {"Medratio(historic=>5,current=>3,comparator=>\">=\",percentage=>10.5)", 8},
      {"Median(old=>8,new=>3,diff=>0.5)", 11},
      {"Median(diff=>1.5)", 0},
      {"CheckLatency(l=>100,x=>4)", 4},
      {"CheckLoss(l=>5,x=>3)", 3},
      {"CheckLoss(l=>5)", 0},
      {"ExpLoss(hist => 30, rising=>0.3)", 30},
      {"ExpLoss(hist=>30,rising=>1,falling=>0.5,skip=>2,fast=>3)", 30},
      {"ConsecutiveLoss(pctlossraise=>10,stepsraise=>3,pctlossclear=>5,stepsclear=>5)", 5},
      {"ConsecutiveLoss(stepsraise=>7,stepsclear=>5)", 7},
      {"ConsecutiveLoss(pctlossraise=>10)", 0},
      // Values go through Perl's literal rules before the key patterns see them.
      {"Median(old=>010,new=>3)", 11},
      {"ExpLoss(hist=>1e2)", 100},
      {"Median(old=>0x10)", 16},
      {"Median(old=>0b101)", 5},
      {"Median(old=>1_000)", 1000},
      {"Median(old=>+5)", 5},
      {"Median(old=>1.5e1)", 15},
      {"Median(old=>\"8\")", 8},
      {"Median('old'=>8)", 8},
      {"Median(old=>\"\\x38\")", 8},
      {"Median(old=>\"8\\n\")", 8},
      {"CheckLoss('x', 7)", 7},
      // List syntax: spaces, empty and trailing separators, later duplicates win.
      {"Median(old => 8 , new => 3)", 11},
      {"Median(old=>8, new=>3,)", 11},
      {"Median(old=>8,,new=>3)", 11},
      {"Median(old=>=>8)", 8},
      {"Median(old=>\"x\", old=>8)", 8},
      {"Median( )", 0},
      // The call regex is unanchored and takes the last `)`.
      {"Median(old=>8) junk", 8},
      {"x Median(old=>8)", 8},
      {"ExpLoss(hist=>99999999999)", INT_MAX},
  };
  for (const MatcherCase& c : cases) {
    SCOPED_TRACE(c.pattern);
    MatcherRule r;
    ASSERT_NO_THROW(r = parse_matcher("al", c.pattern));
    EXPECT_EQ(r.history_length, c.history_length);
  }
}

TEST(Matcher, KeepsNameAndUnquotedArgumentsInOrder) {
  MatcherRule r =
      parse_matcher("al", "Avgratio(historic=>10,current=>2,comparator=>'>',percentage=>1.50)");
  const CallSpec want{
      "Avgratio",
      {{"historic", "10"}, {"current", "2"}, {"comparator", ">"}, {"percentage", "1.5"}}};
  EXPECT_EQ(r.call, want);
  EXPECT_EQ(r.history_length, 12);
}

TEST(Matcher, RejectsWithTheOriginalsMessages) {
  const std::string inst = "ERROR: Matcher 'Median' could not be instantiated with arguments ";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"median(old=>1)",
       "ERROR: matcher median: all matchers start with a capital letter since version 2.0"},
      {"Median(old=>8,new=>3,bogus=>10)",
       inst + "old=>8,new=>3,bogus=>10: key 'bogus' is not known by this matcher"},
      {"Nosuch(a=>1)", "Matcher 'Nosuch' could not be loaded: no such matcher"},
      {"Median::(old=>1)", "Matcher 'Median::' could not be loaded: no such matcher"},
      {"Median(old=>q(8))", "Matcher 'Median(old=>q' could not be loaded: no such matcher"},
      {"Median()", "ERROR: Alert al pattern entry '' is invalid"},
      {"Median (old=>1)", "ERROR: Alert al pattern entry '' is invalid"},
      {"Median(old=>1,new=>2", "ERROR: Alert al pattern entry '' is invalid"},
      {">10%", "ERROR: Alert al pattern entry '' is invalid"},
      {"Median(old=>1.50)", inst + "old=>1.50: key 'old' contains invalid data: '1.5'"},
      {"Median(old=>-5)", inst + "old=>-5: key 'old' contains invalid data: '-5'"},
      {"Median(old=>1e400)", inst + "old=>1e400: key 'old' contains invalid data: 'Inf'"},
      {"Median(diff=>0.00001)", inst + "diff=>0.00001: key 'diff' contains invalid data: '1e-05'"},
      {"Median(old=>123456789012345678901)",
       inst + "old=>123456789012345678901: key 'old' contains invalid data: "
              "'1.23456789012346e+20'"},
      {"Median(new=>3,'old')", inst + "new=>3,'old': key 'old' contains invalid data: ''"},
      {"Median(-old=>8)", inst + "-old=>8: key '-old' is not known by this matcher"},
      {"Median(1=>2)", inst + "1=>2: key '1' is not known by this matcher"},
      {"Median(old=>x)", inst + "old=>x: Bareword \"x\" not allowed while \"strict subs\" in use"},
      {"Median(old, 8)",
       inst + "old, 8: Bareword \"old\" not allowed while \"strict subs\" in use"},
      {"Median(old=>08)", inst + "old=>08: Illegal octal digit '8'"},
      {"Median(old=>\"8)",
       inst + "old=>\"8: Can't find string terminator '\"' anywhere before EOF"},
      {"Median(old=>'8)", inst + "old=>'8: Can't find string terminator \"'\" anywhere before EOF"},
      {"Median(old=>8 new=>3)", inst + "old=>8 new=>3: syntax error near \"new=>3\""},
      {"Median(,old=>1)", inst + ",old=>1: syntax error near \",old=>1\""},
      {"Avgratio(historic=>10,current=>2)",
       "ERROR: Matcher 'Avgratio' could not be instantiated with arguments "
       "historic=>10,current=>2: compiling comparator : syntax error"},
      {"Avgratio(comparator=>'=>')",
       "ERROR: Matcher 'Avgratio' could not be instantiated with arguments comparator=>'=>': "
       "key 'comparator' contains invalid data: '=>'"},
      {"ExpLoss(hist=>\"30x\")",
       "ERROR: Matcher 'ExpLoss' could not be instantiated with arguments hist=>\"30x\": key "
       "'hist' contains invalid data: '30x'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.first);
    EXPECT_EQ(error_of([&] { parse_matcher("al", c.first); }), c.second);
  }
}

// Perl would evaluate these; they are outside the supported subset and are refused clearly.
TEST(Matcher, RefusesPerlExpressionsWithAClearMessage) {
  for (const char* pattern : {"Median(old=>2*3)", "Median(old=>\"1\".\"2\")", "Median(old=>$x)",
                              "Median(old=>\"$x\")", "Median(old=>1.2.3)"}) {
    SCOPED_TRACE(pattern);
    std::string message = error_of([&] { parse_matcher("al", pattern); });
    EXPECT_EQ(message.rfind("ERROR: Matcher 'Median' could not be instantiated with arguments ", 0),
              0u)
        << message;
  }
}

TEST(Sorter, AcceptsTheFourSortersWithEntries) {
  const std::vector<std::pair<std::string, CallSpec>> cases = {
      {"Loss(entries=>5)", {"Loss", {{"entries", "5"}}}},
      {"Max(entries=>5)", {"Max", {{"entries", "5"}}}},
      {"Median(entries=>5)", {"Median", {{"entries", "5"}}}},
      {"StdDev(entries=>4)", {"StdDev", {{"entries", "4"}}}},
      {"Max(entries => 1)", {"Max", {{"entries", "1"}}}},
      {"Max('entries',1)", {"Max", {{"entries", "1"}}}},
      {"Max(entries=>1e+2)", {"Max", {{"entries", "100"}}}},
      {"Max(entries=>0x1_0)", {"Max", {{"entries", "16"}}}},
      {"Max(entries=>-0)", {"Max", {{"entries", "0"}}}},
      {"Max(entries=>\"8\\n\")", {"Max", {{"entries", "8\n"}}}},
  };
  for (const auto& [text, want] : cases) {
    SCOPED_TRACE(text);
    CallSpec got;
    ASSERT_NO_THROW(got = parse_sorter(text));
    EXPECT_EQ(got, want);
  }
}

TEST(Sorter, RejectsWithTheOriginalsMessages) {
  const std::string inst = "ERROR: sorter Max: instantiation with Smokeping::sorters::Max->new(";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"max(entries=>10)", "ERROR: sorter max: all sorters start with a capital letter"},
      {"Max", "ERROR: sorter : all sorters start with a capital letter"},
      {"Max()", "ERROR: sorter : all sorters start with a capital letter"},
      {"Nosuch(entries=>10)", "Sorter 'Nosuch' could not be loaded: no such sorter"},
      {"Avgratio(entries=>1)", "Sorter 'Avgratio' could not be loaded: no such sorter"},
      {"Max(foo=>1)", inst + "foo=>1): key 'foo' is not known by this sorter"},
      {"Max(entries=>\"x\")", inst + "entries=>\"x\"): key 'entries' contains invalid data: 'x'"},
      {"Max(entries=>1.5)", inst + "entries=>1.5): key 'entries' contains invalid data: '1.5'"},
      {"Max(entries=>1,entries=>2,entries=>\"x\")",
       inst + "entries=>1,entries=>2,entries=>\"x\"): key 'entries' contains invalid data: 'x'"},
      {"Max(entries=>x1)",
       inst + "entries=>x1): Bareword \"x1\" not allowed while \"strict subs\" in use"},
      {"Max(entries,1)",
       inst + "entries,1): Bareword \"entries\" not allowed while \"strict subs\" in use"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.first);
    EXPECT_EQ(error_of([&] { parse_sorter(c.first); }), c.second);
  }
}

}  // namespace
}  // namespace smokeping::config
