// The captured Dumper texts of the original, read and written back byte for byte: V9 (§4.4)
// and V10 (the appendix) of master-slave.md, and the config answers of
// shared/reference/protocol. Skipped when the shared folder is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "smokeping/protocol/dumper_reader.hpp"
#include "smokeping/protocol/dumper_writer.hpp"
#include "smokeping/protocol/hmac.hpp"
#include "tests/support/shared_files.hpp"

namespace smokeping::protocol {
namespace {

using test::read_file;
using test::shared_dir;

// The n-th (0-based) code block of master-slave.md that starts with "$VAR1 = {", with its
// final LF: the spec's V9 (n=0) and V10 (n=1) bodies.
std::optional<std::string> spec_body(int n) {
  auto spec = read_file(shared_dir() + "/spec/master-slave.md");
  if (!spec) return std::nullopt;
  size_t at = 0;
  for (int i = 0; i <= n; ++i) {
    at = spec->find("```\n$VAR1 = {", at);
    if (at == std::string::npos) return std::nullopt;
    at += 4;
    if (i < n) ++at;
  }
  size_t end = spec->find("\n```", at);
  if (end == std::string::npos) return std::nullopt;
  return spec->substr(at, end + 1 - at);
}

struct Golden {
  const char* name;
  std::optional<std::string> (*load)();
  size_t size;
  const char* key;  // HMAC-MD5 with s3cret-one
};

const Golden kGoldens[] = {
    {"V9", [] { return spec_body(0); }, 2103, "f8f57016c83c7f416fec795950bd7931"},
    {"V10", [] { return spec_body(1); }, 9664, "180210b7910341b113d07c3803eb36fa"},
    {"capture01",
     [] {
       return read_file(shared_dir() + "/reference/protocol/01-first-contact.response-body.txt");
     },
     6934, "ed620b03495611cc4158b5a575cc7d18"},
    {"capture07",
     [] {
       return read_file(shared_dir() + "/reference/protocol/07-config-changed.response-body.txt");
     },
     6934, "20b1096fe7939a410f21e6d86f537be6"},
};

class DumperGolden : public ::testing::TestWithParam<Golden> {};

TEST_P(DumperGolden, ReadThenWriteIsByteIdenticalAndSigned) {
  const Golden& g = GetParam();
  auto body = g.load();
  if (!body) GTEST_SKIP() << "shared spec or reference captures not found under " << shared_dir();
  ASSERT_EQ(body->size(), g.size);
  EXPECT_EQ(hmac_md5_hex("s3cret-one", *body), g.key);

  PerlValue value = read_dumper(*body);
  std::string again = dumper(value);
  EXPECT_EQ(again, *body);
  EXPECT_EQ(hmac_md5_hex("s3cret-one", again), g.key);
}

INSTANTIATE_TEST_SUITE_P(Captured, DumperGolden, ::testing::ValuesIn(kGoldens),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(DumperGoldenData, V9WasWrittenWithSortedKeys) {
  auto body = spec_body(0);
  if (!body) GTEST_SKIP() << "shared spec not found";
  // §4.4 printed V9 with Sortkeys=1: our sorted output of the same data is the same bytes.
  EXPECT_EQ(dumper(read_dumper(*body), {.sort_keys = true}), *body);
}

TEST(DumperGoldenData, V9Values) {
  auto body = spec_body(0);
  if (!body) GTEST_SKIP() << "shared spec not found";
  PerlValue v = read_dumper(*body);
  const PerlValue* targets = v.find("Targets");
  ASSERT_NE(targets, nullptr);
  EXPECT_EQ(*targets->find("title"), PerlValue::string("Caf\xc3\xa9"));
  EXPECT_EQ(*targets->find("remark"), PerlValue::string("line1\nline2"));
  EXPECT_EQ(*targets->find("_order"), PerlValue::number(0));
  EXPECT_TRUE(targets->find("Other")->is_undef());
  EXPECT_EQ(*v.find("General")->find("owner"), PerlValue::string("O'Brien \\ Co"));
  EXPECT_EQ(*v.find("__last"), PerlValue::number(1732480000));
  EXPECT_EQ(*targets->find("host1")->find("fetchlength"), PerlValue::number(27));
  EXPECT_EQ(v.find("Database")->find("_table")->elements()[0].elements()[3],
            PerlValue::string("1008"));
}

TEST(DumperGoldenData, V10Values) {
  auto body = spec_body(1);
  if (!body) GTEST_SKIP() << "shared spec not found";
  PerlValue v = read_dumper(*body);
  EXPECT_EQ(*v.find("Targets")->find("remark"),
            PerlValue::string("Caf\xc3\xa9 it's a \"test\" \\\\ backslash"));
  EXPECT_EQ(*v.find("New")->find("Deep")->find("Key"), PerlValue::string("v"));
  EXPECT_EQ(*v.find("__last"), PerlValue::number(1795563841));
}

TEST(DumperGoldenData, CapturesOfOneConfigDifferOnlyInOrderAndLast) {
  auto a = kGoldens[2].load();
  auto b = kGoldens[3].load();
  if (!a || !b) GTEST_SKIP() << "reference captures not found";
  PerlValue x = read_dumper(*a);
  PerlValue y = read_dumper(*b);
  EXPECT_NE(*a, *b);  // Perl's hash order differs per process
  EXPECT_FALSE(same_data(x, y));
  x.set("__last", PerlValue::number(0));
  y.set("__last", PerlValue::number(0));
  EXPECT_TRUE(same_data(x, y)) << first_difference(x, y);
}

}  // namespace
}  // namespace smokeping::protocol
