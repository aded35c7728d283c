// Which answers of InfluxDB keep a batch for a retry and which drop it.
#include <gtest/gtest.h>

#include "smokeping/export/influx_transport.hpp"

namespace smokeping::exports {
namespace {

using Status = PostResult::Status;

TEST(PostStatus, TwoHundredsAreTaken) {
  EXPECT_EQ(post_status(200), Status::ok);
  EXPECT_EQ(post_status(204), Status::ok);
}

TEST(PostStatus, RedirectsAreRetriedNotDropped) {
  for (long status : {301L, 302L, 307L, 308L}) EXPECT_EQ(post_status(status), Status::failed);
}

TEST(PostStatus, OnlyClientErrorsOtherThanTimeoutAndThrottlingDropTheBatch) {
  EXPECT_EQ(post_status(400), Status::rejected);
  EXPECT_EQ(post_status(404), Status::rejected);
  EXPECT_EQ(post_status(413), Status::rejected);
  EXPECT_EQ(post_status(408), Status::failed);
  EXPECT_EQ(post_status(429), Status::failed);
}

TEST(PostStatus, ServerErrorsAndOddAnswersAreRetried) {
  EXPECT_EQ(post_status(500), Status::failed);
  EXPECT_EQ(post_status(503), Status::failed);
  EXPECT_EQ(post_status(100), Status::failed);
  EXPECT_EQ(post_status(0), Status::failed);
}

}  // namespace
}  // namespace smokeping::exports
