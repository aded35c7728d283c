#include <gtest/gtest.h>

#include <string>

#include "smokeping/core/perl_regex.hpp"

namespace smokeping::core {
namespace {

TEST(PerlRegexCache, SamePatternTextGivesTheSameCompiledRegex) {
  auto first = PerlRegex::cached("cache-same-(a|b)");
  EXPECT_EQ(first.get(), PerlRegex::cached("cache-same-(a|b)").get());
  EXPECT_TRUE(first->search("xx cache-same-b"));
}

// Found while writing cgi_request_fuzz: every distinct `filter` a client sent stayed compiled
// for the life of a FastCGI process (unbounded memory). Past the bound the cache starts afresh, so
// a pattern asked for before a flood of others is compiled again, while the old object stays valid
// for its holder.
TEST(PerlRegexCache, ForgetsPatternsWhenMoreThanTheBoundAreAskedFor) {
  auto early = PerlRegex::cached("cache-bound-early");
  for (std::size_t i = 0; i <= PerlRegex::kMaxCachedPatterns; ++i) {
    PerlRegex::cached("cache-bound-" + std::to_string(i));
  }
  auto again = PerlRegex::cached("cache-bound-early");
  EXPECT_NE(early.get(), again.get());
  EXPECT_TRUE(early->search("cache-bound-early"));
  EXPECT_TRUE(again->search("cache-bound-early"));
}

}  // namespace
}  // namespace smokeping::core
