// The `data` lines of a slave's post (master-slave.md §2.3): each line checked on its own,
// the good ones kept, each bad one refused with its reason.
#include "smokeping/protocol/submission_lines.hpp"

#include <gtest/gtest.h>

#include <string>

namespace smokeping::protocol {
namespace {

constexpr std::int64_t kNow = 1795627740;

// /a/t (pings 3) and /a/five (pings 5) belong to the slave; /a/other does not.
LineRules rules() {
  LineRules r;
  r.now = kNow;
  r.max_future_skew = 60;
  r.target = [](std::string_view path) -> TargetCheck {
    if (path == "/a/t") return {TargetCheck::Status::ok, 3};
    if (path == "/a/five") return {TargetCheck::Status::ok, 5};
    if (path == "/a/other") return {TargetCheck::Status::not_assigned, 0};
    return {};
  };
  return r;
}

TEST(ParseDataLines, GoodLinesAreKeptInOrder) {
  std::string data =
      "/a/t\t1795627740\tU:0:4.7000000000e-05:4.6000000000e-05:4.7000000000e-05:4.5700000000e-04\n"
      "/a/five\t1795627700\tU:5:U:U:U:U:U:U\n"
      "/a/t\t1795627000\t12:1:-1.5:+2:3E+2:U\n";
  ParsedData p = parse_data_lines(data, rules());
  EXPECT_TRUE(p.refused.empty()) << p.refused.front().reason;
  ASSERT_EQ(p.accepted.size(), 3u);
  EXPECT_EQ(p.lines, 3u);
  EXPECT_EQ(p.accepted[0],
            (DataLine{"/a/t", "1795627740", 1795627740,
                      "U:0:4.7000000000e-05:4.6000000000e-05:4.7000000000e-05:4.5700000000e-04"}));
  EXPECT_EQ(p.accepted[1].path, "/a/five");
  EXPECT_EQ(p.accepted[2].seconds, 1795627000);
}

TEST(ParseDataLines, EmptyDataAndTrailingNewlines) {
  EXPECT_EQ(parse_data_lines("", rules()).lines, 0u);
  EXPECT_EQ(parse_data_lines("\n\n", rules()).lines, 0u);
  ParsedData p = parse_data_lines("/a/t\t1\tU:3:U:U:U:U\n", rules());
  EXPECT_EQ(p.lines, 1u);
  EXPECT_EQ(p.accepted.size(), 1u);
}

TEST(ParseDataLines, EachBadLineIsRefusedWithItsReason) {
  struct Case {
    std::string line;
    LineProblem problem;
    std::string reason;
  };
  const std::string ok_update = "\tU:3:U:U:U:U";
  const Case cases[] = {
      {"/a/t\t1795627740", LineProblem::field_count,
       "expected 3 TAB-separated fields: path, time, update string"},
      {"/a/t\t1\tU:3:U:U:U:U\textra", LineProblem::field_count, ""},
      {"a/t\t1" + ok_update, LineProblem::bad_path, "path does not start with '/'"},
      {"\t1" + ok_update, LineProblem::bad_path, ""},
      {"/a//t\t1" + ok_update, LineProblem::bad_path, "path has an empty component"},
      {"/a/t/\t1" + ok_update, LineProblem::bad_path, ""},
      {"/\t1" + ok_update, LineProblem::bad_path, ""},
      {std::string("/a/t\0x\t1", 8) + ok_update, LineProblem::bad_path,
       "path contains a control byte"},
      {"/a/\x1b[31m\t1" + ok_update, LineProblem::bad_path, ""},
      {"/../etc/passwd\t1" + ok_update, LineProblem::dot_path, "path has a '..' component"},
      {"/a/../../x\t1" + ok_update, LineProblem::dot_path, ""},
      {"/a/t/..\t1" + ok_update, LineProblem::dot_path, ""},
      {"/a/./t\t1" + ok_update, LineProblem::dot_path, "path has a '.' component"},
      {"/a/nothing\t1" + ok_update, LineProblem::unknown_target, "no such target"},
      {"/a/other\t1" + ok_update, LineProblem::not_assigned,
       "target is not assigned to this slave"},
      {"/a/t\t\tU:3:U:U:U:U", LineProblem::bad_time, "time is not a decimal Unix time"},
      {"/a/t\t-1" + ok_update, LineProblem::bad_time, ""},
      {"/a/t\t+1" + ok_update, LineProblem::bad_time, ""},
      {"/a/t\t17956e3" + ok_update, LineProblem::bad_time, ""},
      {"/a/t\t 1795627740" + ok_update, LineProblem::bad_time, ""},
      {"/a/t\t1234567890123456789" + ok_update, LineProblem::bad_time, ""},
      {"/a/t\t1795627801" + ok_update, LineProblem::future_time,
       "time 1795627801 is 61 s ahead of the master's clock"},
      {"/a/t\t9999999999" + ok_update, LineProblem::future_time, ""},
      {"/a/t\t1\tU:3:U:U:U", LineProblem::update_field_count,
       "update string has 5 fields, expected 6 (pings 3 + 3)"},
      {"/a/t\t1\tU:3:U:U:U:U:U", LineProblem::update_field_count, ""},
      {"/a/five\t1\tU:3:U:U:U:U", LineProblem::update_field_count,
       "update string has 6 fields, expected 8 (pings 5 + 3)"},
      {"/a/t\t1\t", LineProblem::update_field_count, ""},
      {"/a/t\t1\tU:3:U:U:U:U\r", LineProblem::bad_update_value,
       "update string has a field that is neither U nor a number"},
      {"/a/t\t1\tU:3:U:U:U:nan", LineProblem::bad_update_value, ""},
      {"/a/t\t1\tU:3:U:U:U:", LineProblem::bad_update_value, ""},
      {"/a/t\t1\tU:3:u:U:U:U", LineProblem::bad_update_value, ""},
      {"/a/t\t1\tU:3:1e:U:U:U", LineProblem::bad_update_value, ""},
      {"/a/t\t1\tU:3:.:U:U:U", LineProblem::bad_update_value, ""},
      {"/a/t\t1\tU:3:1;rm -rf /:U:U:U", LineProblem::bad_update_value, ""},
  };
  for (const Case& c : cases) {
    // Between two good lines: the bad one is refused alone.
    std::string data = "/a/t\t1" + ok_update + "\n" + c.line + "\n/a/t\t2" + ok_update;
    ParsedData p = parse_data_lines(data, rules());
    ASSERT_EQ(p.refused.size(), 1u) << c.line;
    EXPECT_EQ(p.refused[0].line_no, 2u) << c.line;
    EXPECT_EQ(p.refused[0].problem, c.problem)
        << c.line << ": got " << to_string(p.refused[0].problem);
    if (!c.reason.empty()) {
      EXPECT_EQ(p.refused[0].reason, c.reason) << c.line;
    }
    EXPECT_EQ(p.accepted.size(), 2u) << c.line;
    EXPECT_EQ(p.lines, 3u);
  }
}

TEST(ParseDataLines, EmptyLineInTheMiddle) {
  ParsedData p = parse_data_lines("/a/t\t1\tU:3:U:U:U:U\n\n/a/t\t2\tU:3:U:U:U:U", rules());
  ASSERT_EQ(p.refused.size(), 1u);
  EXPECT_EQ(p.refused[0].problem, LineProblem::empty_line);
  EXPECT_EQ(p.accepted.size(), 2u);
}

TEST(ParseDataLines, SkewIsAParameter) {
  LineRules r = rules();
  r.max_future_skew = 0;
  EXPECT_EQ(parse_data_lines("/a/t\t1795627740\tU:3:U:U:U:U", r).accepted.size(), 1u);
  EXPECT_EQ(parse_data_lines("/a/t\t1795627741\tU:3:U:U:U:U", r).refused.size(), 1u);
}

}  // namespace
}  // namespace smokeping::protocol
