// Form decoding as CGI.pm does it for the slave protocol (master-slave.md §2.1, §3.1): the
// captured multipart posts of the original slave, urlencoded bodies, GET query strings, and
// every malformed body refused as a whole.
#include "smokeping/protocol/submission_form.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace smokeping::protocol {
namespace {

constexpr std::size_t kLimit = 1 << 20;
constexpr const char* kMultipart = "multipart/form-data; boundary=xYzZY";

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string part(const std::string& name, const std::string& value) {
  return "--xYzZY\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
         "\r\n";
}

// The body HTTP::Request::Common builds for a slave's post.
std::string slave_body(const std::string& data) {
  return part("slave", "slave1") + part("key", "k") + part("protocol", "2") + part("data", data) +
         part("config_time", "0") + "--xYzZY--\r\n";
}

FormResult post(std::string_view content_type, std::string_view body, std::size_t limit = kLimit) {
  return decode_form({"POST", content_type, "", body}, limit);
}

TEST(DecodeForm, SlaveMultipartPost) {
  std::string data = "/a/b\t1\tU:3:U:U:U:U\n/c\t2\tU:3:U:U:U:U";
  FormResult r = post(kMultipart, slave_body(data));
  ASSERT_EQ(r.error, FormError::none) << r.message;
  EXPECT_EQ(r.form.fields, (Fields{{"slave", "slave1"},
                                   {"key", "k"},
                                   {"protocol", "2"},
                                   {"data", data},
                                   {"config_time", "0"}}));
  EXPECT_TRUE(is_slave_request(r.form));
}

TEST(DecodeForm, MultipartVariantsWeAccept) {
  const std::string v = part("slave", "s1") + "--xYzZY--\r\n";
  const std::string variants[][2] = {
      {"multipart/form-data; boundary=\"xYzZY\"", v},         // quoted boundary
      {"Multipart/Form-Data; charset=x; BOUNDARY=xYzZY", v},  // case, other parameters
      {"multipart/form-data; boundary=xYzZY", "preamble\r\n" + v},
      {"multipart/form-data; boundary=xYzZY", v + "epilogue"},
      {"multipart/form-data; boundary=xYzZY",
       "--xYzZY  \r\ncontent-disposition: form-data;\r\n name=s1x; x=1\r\n\r\ns1\r\n--xYzZY--"},
  };
  for (const auto& [type, body] : variants) {
    FormResult r = post(type, body);
    ASSERT_EQ(r.error, FormError::none) << type << "\n" << body << "\n" << r.message;
    ASSERT_EQ(r.form.fields.size(), 1u) << body;
    EXPECT_EQ(r.form.fields[0].second, "s1") << body;
  }
}

TEST(DecodeForm, MultipartValuesKeepTheirBytes) {
  std::string value = std::string("a\nb\r\nc--xYzZ\0\xff", 15);
  FormResult r = post(kMultipart, part("data", value) + part("empty", "") + "--xYzZY--\r\n");
  ASSERT_EQ(r.error, FormError::none) << r.message;
  EXPECT_EQ(r.form.fields, (Fields{{"data", value}, {"empty", ""}}));
}

TEST(DecodeForm, FirstValueWinsAsInCgiPm) {
  FormResult r = post(kMultipart, part("slave", "a") + part("slave", "b") + "--xYzZY--\r\n");
  EXPECT_EQ(r.form.value("slave"), "a");
  EXPECT_EQ(r.form.find("nothing"), nullptr);
  EXPECT_EQ(r.form.value("nothing"), "");
}

TEST(DecodeForm, MalformedMultipartIsAnErrorNeverAPartialForm) {
  const std::string good = slave_body("/a\t1\tU");
  const std::pair<std::string, std::string> cases[] = {
      {kMultipart, ""},
      {kMultipart, "hello world"},
      {kMultipart, good.substr(0, good.size() - 12)},  // no closing delimiter
      {kMultipart, good.substr(0, 60)},                // cut inside the first part
      {kMultipart, good.substr(0, good.find("name=\"data\""))},
      {kMultipart, "--xYzZY\r\n\r\nvalue\r\n--xYzZY--\r\n"},  // no Content-Disposition
      {kMultipart, "--xYzZY\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--xYzZY--"},
      {kMultipart, "--xYzZY\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--xYzZY--"},
      {kMultipart, "--xYzZYjunk\r\n"},
      {kMultipart, "--xYzZY\nContent-Disposition: form-data; name=\"a\"\n\nv\n--xYzZY--\n"},
      {"multipart/form-data", good},  // no boundary
      {"multipart/form-data; boundary=", good},
      {"multipart/form-data; boundary=\"xYzZY", good},  // unterminated quote
      {"multipart/form-data; boundary=" + std::string(71, 'b'), good},
      {"multipart/form-data; boundary=other", good},
  };
  for (const auto& [type, body] : cases) {
    FormResult r = post(type, body);
    EXPECT_EQ(r.error, FormError::malformed_multipart) << type << "\n" << body;
    EXPECT_FALSE(r.message.empty());
    EXPECT_TRUE(r.form.fields.empty()) << body;
  }
}

TEST(DecodeForm, TooManyParts) {
  std::string body;
  for (int i = 0; i < 1001; ++i) body += part("f", "v");
  body += "--xYzZY--\r\n";
  EXPECT_EQ(post(kMultipart, body).error, FormError::malformed_multipart);
}

TEST(DecodeForm, OversizedBodyOrQueryString) {
  std::string body = slave_body(std::string(2000, 'x'));
  FormResult r = post(kMultipart, body, 1000);
  EXPECT_EQ(r.error, FormError::too_large);
  EXPECT_EQ(r.message, "request body of " + std::to_string(body.size()) +
                           " bytes, more than the limit of 1000");
  EXPECT_EQ(post(kMultipart, body, body.size()).error, FormError::none);
  EXPECT_EQ(decode_form({"GET", "", std::string(1001, 'a'), ""}, 1000).error, FormError::too_large);
}

TEST(DecodeForm, UrlencodedBodies) {
  FormResult r = post("application/x-www-form-urlencoded",
                      "slave=s%31&data=%2Fa%09b+c%0A%zz&empty=&flag;x=1=2");
  ASSERT_EQ(r.error, FormError::none);
  EXPECT_EQ(
      r.form.fields,
      (Fields{
          {"slave", "s1"}, {"data", "/a\tb c\n%zz"}, {"empty", ""}, {"flag", ""}, {"x", "1=2"}}));
  // No content type at all is urlencoded too, as in CGI.pm.
  EXPECT_EQ(post("", "slave=s1").form.value("slave"), "s1");
  // Any other type is kept by CGI.pm as POSTDATA: no fields.
  EXPECT_TRUE(post("text/plain", "slave=s1").form.fields.empty());
  EXPECT_TRUE(post("application/json", "{\"slave\":1}").form.fields.empty());
}

TEST(DecodeForm, GetReadsTheQueryStringAndPostDoesNot) {
  FormResult get = decode_form({"GET", "", "slave=s1&protocol=2", ""}, kLimit);
  EXPECT_EQ(get.form.value("slave"), "s1");
  EXPECT_EQ(decode_form({"HEAD", "", "slave=s1", ""}, kLimit).form.value("slave"), "s1");
  FormResult p =
      decode_form({"POST", "application/x-www-form-urlencoded", "slave=q", "a=b"}, kLimit);
  EXPECT_EQ(p.form.find("slave"), nullptr);
  // A query without '&', '=' or ';' is an ISINDEX keyword list: no fields.
  EXPECT_TRUE(decode_form({"GET", "", "slave", ""}, kLimit).form.fields.empty());
  EXPECT_TRUE(decode_form({"OPTIONS", "", "slave=s1", "slave=s1"}, kLimit).form.fields.empty());
}

TEST(DecodeForm, SlaveRequestMeansAPerlTrueSlaveField) {
  auto form = [](Fields f) { return FormFields{std::move(f)}; };
  EXPECT_TRUE(is_slave_request(form({{"slave", "s1"}})));
  EXPECT_TRUE(is_slave_request(form({{"slave", "00"}})));
  EXPECT_FALSE(is_slave_request(form({{"slave", "0"}})));
  EXPECT_FALSE(is_slave_request(form({{"slave", ""}})));
  EXPECT_FALSE(is_slave_request(form({{"target", "x"}})));
}

// ---- the original slave's posts, as captured (shared/reference/protocol) ----

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(DecodeForm, CapturedRequestsOfTheOriginalSlave) {
  std::filesystem::path dir =
      std::filesystem::path(SMOKEPING_SOURCE_DIR) / ".." / "shared" / "reference" / "protocol";
  if (!std::filesystem::exists(dir / "02-data-ok.request.txt"))
    GTEST_SKIP() << "no captures in " << dir;
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.size() < 12 || name.substr(name.size() - 12) != ".request.txt") continue;
    ++seen;
    std::string raw = slurp(entry.path());
    std::size_t head_end = raw.find("\r\n\r\n");
    ASSERT_NE(head_end, std::string::npos) << name;
    std::string head = raw.substr(0, head_end + 2);
    std::string body = raw.substr(head_end + 4);
    std::size_t ct = head.find("Content-Type: ");
    ASSERT_NE(ct, std::string::npos) << name;
    std::string type = head.substr(ct + 14, head.find("\r\n", ct) - ct - 14);
    FormResult r = post(type, body);
    ASSERT_EQ(r.error, FormError::none) << name << ": " << r.message;
    ASSERT_EQ(r.form.fields.size(), 5u) << name;
    EXPECT_EQ(r.form.fields[0].first, "slave");
    EXPECT_EQ(r.form.fields[3].first, "data");
    EXPECT_EQ(r.form.value("protocol"), "2") << name;
    EXPECT_EQ(r.form.value("key").size(), 32u) << name;
    std::string data = r.form.value("data");
    EXPECT_EQ(data.find('\r'), std::string::npos) << name;
    if (name.starts_with("02-")) {
      EXPECT_EQ(data.size(), 185u);
      EXPECT_EQ(r.form.value("config_time"), "1795627733");
    }
  }
  EXPECT_EQ(seen, 7);
}

}  // namespace
}  // namespace smokeping::protocol
