// The page parameters (web-and-rrd.md §2.3): the original's target rules (first word, XSS
// characters replaced, `..` ignored, `~slave`), and the requests we refuse where the original
// died or went on regardless.
#include "smokeping/web/params.hpp"

#include <gtest/gtest.h>

#include "tests/unit/web/page_test_support.hpp"

namespace smokeping::web {
namespace {

using test::ReferenceSite;

protocol::FormFields fields(std::vector<std::pair<std::string, std::string>> f) {
  return protocol::FormFields{std::move(f)};
}

class Params : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!site_.ok()) GTEST_SKIP() << "reference config not found";
  }
  ParamsResult parse(std::vector<std::pair<std::string, std::string>> f) {
    return parse_page_params(fields(std::move(f)), site_.config());
  }
  ReferenceSite site_;
};

TEST(ReplaceUnsafeChars, EachXssCharacterBecomesAnUnderscore) {
  EXPECT_EQ(replace_unsafe_chars("a<b>c%d&e'f\"g;h"), "a_b_c_d_e_f_g_h");
  EXPECT_EQ(replace_unsafe_chars("Europe.Zurich~boomer"), "Europe.Zurich~boomer");
}

TEST_F(Params, NoTargetIsTheRoot) {
  ParamsResult r = parse({});
  ASSERT_EQ(r.status, ParamStatus::ok);
  EXPECT_TRUE(r.params.open.empty());
  EXPECT_EQ(r.params.mode, DisplayMode::classic);
  EXPECT_EQ(parse({{"target", "0"}}).params.open.size(), 0u);
}

TEST_F(Params, TargetIsSplitAtDotsAndTilde) {
  ParamsResult r = parse({{"target", "Europe.Zurich~boomer"}});
  ASSERT_EQ(r.status, ParamStatus::ok) << r.message;
  EXPECT_EQ(r.params.open, (std::vector<std::string>{"Europe", "Zurich"}));
  EXPECT_EQ(r.params.slave, "boomer");
  EXPECT_EQ(r.params.target, "Europe.Zurich~boomer");
}

TEST_F(Params, OnlyTheFirstWordCountsAndTrailingDotsVanish) {
  ParamsResult r = parse({{"target", "  Europe.Zurich. more words"}});
  EXPECT_EQ(r.params.open, (std::vector<std::string>{"Europe", "Zurich"}));
  EXPECT_EQ(r.params.target, "Europe.Zurich.");
}

TEST_F(Params, DoubleDotAnywhereShowsTheRoot) {
  for (const char* t : {"Europe..Zurich", "../../etc/passwd", "Europe.Zurich~..", "..."}) {
    ParamsResult r = parse({{"target", t}});
    EXPECT_EQ(r.status, ParamStatus::ok) << t;
    EXPECT_TRUE(r.params.open.empty()) << t;
    EXPECT_TRUE(r.params.slave.empty()) << t;
  }
}

TEST_F(Params, XssCharactersAreReplacedBeforeTheWalk) {
  ParamsResult r = parse({{"target", "Europe.<b>"}});
  EXPECT_EQ(r.params.open, (std::vector<std::string>{"Europe", "_b_"}));
}

TEST_F(Params, SlashInAComponentIsRefused) {
  for (const char* t : {"/etc/passwd", "Europe/Zurich", "Europe.Zurich/x"}) {
    ParamsResult r = parse({{"target", t}});
    EXPECT_EQ(r.status, ParamStatus::bad_request) << t;
    EXPECT_NE(r.message.find("invalid target component"), std::string::npos) << r.message;
  }
}

TEST_F(Params, NulBytesAreRefused) {
  EXPECT_EQ(parse({{"target", std::string("Europe\0.Zurich", 14)}}).status,
            ParamStatus::bad_request);
  EXPECT_EQ(parse({{"start", std::string("now\0", 4)}}).status, ParamStatus::bad_request);
  EXPECT_EQ(parse({{std::string("tar\0get", 7), "x"}}).status, ParamStatus::bad_request);
}

TEST_F(Params, UnknownSlaveIsNotFoundWithTheOriginalsMessage) {
  ParamsResult r = parse({{"target", "Europe.Zurich~nosuch"}});
  EXPECT_EQ(r.status, ParamStatus::not_found);
  EXPECT_EQ(r.message, "ERROR: slave 'nosuch' is not defined in the '*** Slaves ***' section!");
  // `~~x` leaves an empty slave, which the original ignores; so does `~0`.
  EXPECT_EQ(parse({{"target", "Europe.Zurich~~nosuch"}}).params.slave, "");
  EXPECT_EQ(parse({{"target", "Europe.Zurich~0"}}).status, ParamStatus::ok);
}

TEST_F(Params, HierarchyMustBeKnown) {
  EXPECT_EQ(parse({{"hierarchy", "owner"}}).params.hierarchy, "owner");
  EXPECT_EQ(parse({{"hierarchy", "0"}}).params.hierarchy, "");
  EXPECT_EQ(parse({{"hierarchy", ""}}).params.hierarchy, "");
  ParamsResult r = parse({{"hierarchy", "nosuch"}});
  EXPECT_EQ(r.status, ParamStatus::not_found);
  EXPECT_EQ(r.message, "ERROR: unknown hierarchy nosuch");
  EXPECT_EQ(parse({{"hierarchy", "own<er"}}).message, "ERROR: unknown hierarchy own_er");
}

TEST_F(Params, FilterTakesTheFirstRunOfAllowedCharacters) {
  ParamsResult r = parse({{"filter", "%%Zur|Lon!x"}});
  ASSERT_EQ(r.status, ParamStatus::ok);
  EXPECT_EQ(r.params.filter, "Zur|Lon");
  ASSERT_TRUE(r.params.filter_regex);
  EXPECT_TRUE(r.params.filter_regex->search("zurich"));  // case-insensitive
  EXPECT_EQ(*r.params.filter_field, "%%Zur|Lon!x");
  EXPECT_FALSE(parse({{"filter", "%%%"}}).params.filter_regex);
  EXPECT_FALSE(parse({{"filter", "0"}}).params.filter_regex);
}

TEST_F(Params, InvalidFilterRegexIsABadRequest) {
  for (const char* f : {"(", "[", "a)", "*"}) {
    ParamsResult r = parse({{"filter", f}});
    EXPECT_EQ(r.status, ParamStatus::bad_request) << f;
    EXPECT_NE(r.message.find("invalid filter"), std::string::npos) << r.message;
  }
}

TEST_F(Params, DisplayModes) {
  EXPECT_EQ(parse({{"displaymode", "n"}}).params.mode, DisplayMode::navigator);
  EXPECT_EQ(parse({{"displaymode", "a"}}).params.mode, DisplayMode::ajax);
  EXPECT_EQ(parse({{"displaymode", "c"}}).params.mode, DisplayMode::chart);
  EXPECT_EQ(parse({{"displaymode", "s"}}).params.mode, DisplayMode::classic);
  ParamsResult r = parse({{"displaymode", "<x>"}});
  EXPECT_EQ(r.status, ParamStatus::ok);
  EXPECT_FALSE(r.params.mode);
  EXPECT_EQ(r.params.mode_text, "_x_");
}

TEST_F(Params, UnknownParametersAreRefused) {
  ParamsResult r = parse({{"target", "Europe"}, {"debug", "1"}});
  EXPECT_EQ(r.status, ParamStatus::bad_request);
  EXPECT_EQ(r.message, "ERROR: unknown parameter debug");
  // What the navigator form and the zoom script send back is known.
  EXPECT_EQ(parse({{"epoch_start", "1"},
                   {"epoch_end", "2"},
                   {"Generate!", "Generate!"},
                   {"title", "t"},
                   {"start", "now-1h"},
                   {"end", "now"}})
                .status,
            ParamStatus::ok);
}

TEST_F(Params, ChartsOnlyWithAChartsSection) {
  EXPECT_TRUE(parse({{"target", "_charts.loss"}}).params.charts);
  EXPECT_FALSE(parse({{"target", "Europe._charts"}}).params.charts);
}

}  // namespace
}  // namespace smokeping::web
