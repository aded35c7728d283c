// The slave's POST body against the bytes the original slave sent (captured exchange 02).
#include "smokeping/uplink/post_body.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "smokeping/protocol/hmac.hpp"
#include "tests/support/shared_files.hpp"

namespace {

using smokeping::uplink::data_text;
using smokeping::uplink::multipart_body;
using smokeping::uplink::PostFields;

TEST(PostBody, SameBytesAsTheOriginalSlave) {
  auto request = smokeping::test::read_file(smokeping::test::shared_dir() +
                                            "/reference/protocol/02-data-ok.request.txt");
  if (!request) GTEST_SKIP() << "captures not found";
  std::string expected = request->substr(request->find("\r\n\r\n") + 4);
  std::vector<std::string> lines = {
      "/Local/t2\t1795627740\tU:0:2.6000000000e-05:1.8000000000e-05:2.6000000000e-05:"
      "3.6000000000e-05",
      "/Local/t3\t1795627740\tU:0:2.7000000000e-05:2.3000000000e-05:2.7000000000e-05:"
      "5.4000000000e-05"};
  PostFields fields;
  fields.slave = "slave1";
  fields.protocol = "2";
  fields.data = data_text(lines);
  fields.key = smokeping::protocol::hmac_md5_hex("s3cret-one", fields.data);
  fields.config_time = 1795627733;
  auto body = multipart_body(fields);
  EXPECT_EQ(body.bytes, expected);
  EXPECT_EQ(body.content_type(), "multipart/form-data; boundary=xYzZY");
  EXPECT_NE(request->find("Content-Type: " + body.content_type() + "\r\n"), std::string::npos);
}

TEST(PostBody, DataIsLinesJoinedByLfWithoutTrailingLf) {
  EXPECT_EQ(data_text(std::vector<std::string>{}), "");
  EXPECT_EQ(data_text(std::vector<std::string>{"a"}), "a");
  EXPECT_EQ(data_text(std::vector<std::string>{"a", "", "b"}), "a\n\nb");
}

TEST(PostBody, EmptyDataIsAnEmptyPart) {
  PostFields fields{"s", "k", "2", "", 0};
  EXPECT_NE(multipart_body(fields).bytes.find("name=\"data\"\r\n\r\n\r\n--xYzZY\r\n"),
            std::string::npos);
}

TEST(PostBody, ValueHoldingTheBoundaryGetsAnotherBoundary) {
  PostFields fields{"slave-xYzZY", "k", "2", "/a\t1\tU:xYzZY", 5};
  auto body = multipart_body(fields);
  EXPECT_NE(body.boundary, "xYzZY");
  EXPECT_GE(body.boundary.size(), 4u);
  for (const auto& value : {fields.slave, fields.data}) {
    EXPECT_EQ(value.find(body.boundary), std::string::npos);
  }
  EXPECT_EQ(body.bytes.rfind("--" + body.boundary + "--\r\n"),
            body.bytes.size() - body.boundary.size() - 6);
}

}  // namespace
