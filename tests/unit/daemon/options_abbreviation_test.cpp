// Abbreviations on the command line: what the original's Getopt::Long accepted keeps its
// meaning there, although our option list is longer; our options answer to full names.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smokeping/daemon/options.hpp"
#include "src/daemon/detail/original_abbreviations.hpp"

namespace smokeping::daemon {
namespace {

Options parse(std::vector<std::string> args) {
  args.insert(args.begin(), "smokeping");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

TEST(OptionAbbreviations, CaMeansCacheDirAsInTheOriginal) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--ca=/var/cache/sp"},
                                        {"--ca", "/var/cache/sp"},
                                        {"-ca=/var/cache/sp"},
                                        {"--CA=/var/cache/sp"},
                                        {"--cach=/var/cache/sp"},
                                        {"--cache", "/var/cache/sp"}}) {
    Options o = parse(args);
    EXPECT_EQ(o.cache_dir, "/var/cache/sp") << args[0];
    EXPECT_FALSE(o.ca_file) << args[0];
    EXPECT_EQ(o.given, std::vector<std::string>{"cache-dir"}) << args[0];
  }
}

TEST(OptionAbbreviations, OurCaFileAnswersToItsNameAndToPrefixesTheOriginalNeverHad) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--ca-file=/etc/ca.pem"},
                                        {"--ca-file", "/etc/ca.pem"},
                                        {"--ca-f=/etc/ca.pem"},
                                        {"--ca-fi", "/etc/ca.pem"},
                                        {"-CA-FILE=/etc/ca.pem"}}) {
    Options o = parse(args);
    EXPECT_EQ(o.ca_file, "/etc/ca.pem") << args[0];
    EXPECT_FALSE(o.cache_dir) << args[0];
  }
}

TEST(OptionAbbreviations, FullNamesOfBothMeanThemselvesTogether) {
  Options o = parse({"--cache-dir=/c", "--ca-file=/f", "--client-cert", "/cert",
                     "--client-key=/key", "--follow-redirects", "--filter=/x"});
  EXPECT_EQ(o.cache_dir, "/c");
  EXPECT_EQ(o.ca_file, "/f");
  EXPECT_EQ(o.client_cert, "/cert");
  EXPECT_EQ(o.client_key, "/key");
  EXPECT_TRUE(o.follow_redirects);
  EXPECT_EQ(o.filters, std::vector<std::string>{"/x"});
}

TEST(OptionAbbreviations, OtherPrefixesOnlyTheOriginalMadeUniqueKeepTheirMeaning) {
  // --f was --filter (we also have --follow-redirects); --nod was --nodaemon (its alias
  // --nodemon is the same option); --p was --pid-dir.
  Options o = parse({"--f=/Europe", "--nod", "--p", "/run/sp"});
  EXPECT_EQ(o.filters, std::vector<std::string>{"/Europe"});
  EXPECT_FALSE(o.follow_redirects);
  EXPECT_TRUE(o.nodaemon);
  EXPECT_EQ(o.pid_dir, "/run/sp");
  EXPECT_EQ(parse({"--fo"}).follow_redirects, true);  // unique among ours, unknown there
}

TEST(OptionAbbreviations, PrefixAmbiguousInTheOriginalIsStillRefused) {
  // --c: config, check, cache-dir; --de: debug, debug-daemon; --re: reload, restart.
  for (const char* ambiguous : {"--c", "--de", "--re", "--s", "--m"}) {
    EXPECT_THROW(parse({ambiguous}), UsageError) << ambiguous;
  }
}

TEST(OptionAbbreviations, PrefixOfOnlyOurOptionsThatIsAmbiguousAmongThemIsRefused) {
  EXPECT_THROW(parse({"--cl=/x"}), UsageError);        // client-cert or client-key
  EXPECT_THROW(parse({"--max-cache=1"}), UsageError);  // max-cache-age or max-cache-size
}

TEST(OptionAbbreviations, ValuesAndArgumentsAfterDoubleDashAreNeverRewritten) {
  std::vector<detail::OurOption> ours = {
      {"slave-name", true}, {"cache-dir", true}, {"check", false}};
  EXPECT_EQ(detail::expand_original_abbreviations({"--slave-name", "-ca", "--", "--ca"}, ours),
            (std::vector<std::string>{"--slave-name=-ca", "--", "--ca"}));
  EXPECT_EQ(detail::expand_original_abbreviations({"--sl=-ca", "--ca", "-ca", "-ch"}, ours),
            (std::vector<std::string>{"--slave-name=-ca", "--cache-dir=-ca", "-check"}));
  EXPECT_EQ(detail::expand_original_abbreviations({"--check", "--ca"}, ours),
            (std::vector<std::string>{"--check", "--cache-dir"}));  // Boost: value missing
}

TEST(OptionAbbreviations, SlaveNameValueThatLooksLikeAnOptionStaysAValue) {
  Options o = parse({"--slave-name", "-ca", "--ca=/c"});
  EXPECT_EQ(o.slave_name, "-ca");
  EXPECT_EQ(o.cache_dir, "/c");
}

TEST(OptionAbbreviations, GenExamplesTakesAnOptionalDirectory) {
  EXPECT_EQ(parse({"--gen-examples"}).gen_examples, "");
  EXPECT_EQ(parse({"--gen"}).gen_examples, "");
  EXPECT_EQ(parse({"--gen-examples=/tmp/x"}).gen_examples, "/tmp/x");
  EXPECT_FALSE(parse({"--check"}).gen_examples);
}

}  // namespace
}  // namespace smokeping::daemon
