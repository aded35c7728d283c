// Filling the page template (web-and-rrd.md §2.9).
#include "smokeping/web/template.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_config.hpp"

namespace smokeping::web {
namespace {

TEST(FillTemplate, ReplacesEveryOccurrenceOfEachKnownPlaceholder) {
  EXPECT_EQ(fill_template("<title><##title##></title><h1><##title##></h1><##menu##>",
                          {{"title", "Zurich"}, {"menu", "<ul></ul>"}}),
            "<title>Zurich</title><h1>Zurich</h1><ul></ul>");
}

TEST(FillTemplate, UnknownPlaceholdersStayAsWritten) {
  EXPECT_EQ(fill_template("a<##nosuch##>b<##title##>c<##", {{"title", "T"}}),
            "a<##nosuch##>bTc<##");
  EXPECT_EQ(fill_template("<##TITLE##>", {{"title", "T"}}), "<##TITLE##>");
}

TEST(FillTemplate, EmptyValuesLeaveNothing) {
  EXPECT_EQ(fill_template("[<##remark##>]", {{"remark", ""}}), "[]");
}

TEST(FillTemplate, ReplacementsAreNotSearchedAgain) {
  EXPECT_EQ(fill_template("<##title##>|<##menu##>", {{"title", "<##menu##>"}, {"menu", "M"}}),
            "<##menu##>|M");
}

TEST(FillTemplate, NestedOpeningFindsTheInnerPlaceholder) {
  EXPECT_EQ(fill_template("<##a<##title##>", {{"title", "T"}}), "<##aT");
}

TEST(ReadTemplate, ReadsTheFileOrSaysItCannot) {
  smokeping::test::TempConfig tc;
  const std::string path = tc.write("basepage.html", "<html><##body##></html>");
  EXPECT_EQ(read_template(path), "<html><##body##></html>");
  EXPECT_FALSE(read_template(tc.path("nosuch.html")));
  EXPECT_FALSE(read_template(tc.root()));  // a directory
  EXPECT_FALSE(read_template(""));
}

// The template we ship uses every placeholder the pages fill, so nothing is left unfilled.
TEST(ShippedTemplate, HasEveryPlaceholderAndNoOther) {
  std::optional<std::string> text =
      read_template(std::string(SMOKEPING_SOURCE_DIR) + "/etc/basepage.html.dist");
  ASSERT_TRUE(text);
  std::map<std::string, std::string, std::less<>> values;
  for (const char* name : {"menu", "title", "remark", "overview", "body", "owner", "contact",
                           "author", "smokeping", "step", "rrdlogo", "smokelogo", "authuser"}) {
    EXPECT_NE(text->find(std::string("<##") + name + "##>"), std::string::npos) << name;
    values[name] = "";
  }
  values["target_ip"] = "";
  EXPECT_EQ(fill_template(*text, values).find("<##"), std::string::npos);
}

}  // namespace
}  // namespace smokeping::web
