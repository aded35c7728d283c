// The smoke-agent mail: the original's placeholders, filled line by line in its order.
#include "smokeping/daemon/smokemail.hpp"

#include <gtest/gtest.h>

namespace {

using smokeping::daemon::fill_smokemail;
using smokeping::daemon::mail_address;
using smokeping::daemon::SmokemailFields;

SmokemailFields fields() {
  return {"World.Home",        "c0ffee",    "http://127.0.0.1/sp.cgi",
          "admin@example.org", "The Owner", "Jo Doe <jo@example.org>"};
}

TEST(Smokemail, FillsEveryPlaceholderOfTheDebianTemplate) {
  std::string text =
      "From: <##FROM##>\nTo:   <##TO##>\nSubject: SmokePing Agent\n\n"
      "<##URL##>?target=<##PATH##>\n<##OWNER##>\n"
      "my $url    = '<##URL##>';\nmy $path   = '<##PATH##>';\nmy $secret = '<##SECRET##>';\n";
  EXPECT_EQ(fill_smokemail(text, fields()),
            "From: admin@example.org\nTo:   Jo Doe <jo@example.org>\nSubject: SmokePing Agent\n\n"
            "http://127.0.0.1/sp.cgi?target=World.Home\nThe Owner\n"
            "my $url    = 'http://127.0.0.1/sp.cgi';\nmy $path   = 'World.Home';\n"
            "my $secret = 'c0ffee';\n");
}

TEST(Smokemail, PathAndSecretAreFilledEverywhereInAnyCase) {
  EXPECT_EQ(fill_smokemail("<##path##> <##PATH##> <##Secret##><##SECRET##>\n", fields()),
            "World.Home World.Home c0ffeec0ffee\n");
}

TEST(Smokemail, OtherPlaceholdersOnlyOncePerLineAndInCapitals) {
  EXPECT_EQ(fill_smokemail("<##URL##> <##URL##>\n<##URL##>\n", fields()),
            "http://127.0.0.1/sp.cgi <##URL##>\nhttp://127.0.0.1/sp.cgi\n");
  EXPECT_EQ(fill_smokemail("<##to##> <##owner##> <##from##> <##url##>", fields()),
            "<##to##> <##owner##> <##from##> <##url##>");
  EXPECT_EQ(fill_smokemail("<##TO##><##TO##>|<##OWNER##><##OWNER##>", fields()),
            "Jo Doe <jo@example.org><##TO##>|The Owner<##OWNER##>");
}

TEST(Smokemail, AValueIsFilledByLaterSubstitutionsOnlyAsTheOriginalsChainDoes) {
  SmokemailFields f = fields();
  f.owner = "owner of <##TO##>";  // TO comes after OWNER: filled
  f.to = "<##PATH##>";            // PATH came first: stays
  EXPECT_EQ(fill_smokemail("<##OWNER##>\n<##TO##>\n", f), "owner of <##PATH##>\n<##PATH##>\n");
}

TEST(Smokemail, KeepsALastLineWithoutNewlineAndOtherBytes) {
  EXPECT_EQ(fill_smokemail("a\r\n\xc3\xa4 <##SECRET##>", fields()), "a\r\n\xc3\xa4 c0ffee");
  EXPECT_EQ(fill_smokemail("", fields()), "");
}

TEST(Smokemail, MailGoesToTheAddressInAngleBrackets) {
  EXPECT_EQ(mail_address("Jo Doe <jo@example.org>"), "jo@example.org");
  EXPECT_EQ(mail_address("A <a@x> B <b@y>"), "a@x");
  EXPECT_EQ(mail_address("plain@example.org"), "plain@example.org");
  EXPECT_EQ(mail_address("broken <x@y"), "broken <x@y");
}

}  // namespace
