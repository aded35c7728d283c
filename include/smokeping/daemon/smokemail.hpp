// The mail `smokeping --email` sends to the owner of a DYNAMIC target: General/smokemail with
// its placeholders filled in, as the original fills them.
#pragma once

#include <string>
#include <string_view>

namespace smokeping::daemon {

struct SmokemailFields {
  std::string path;    // <##PATH##>: the target's names joined with "." ("World.Home")
  std::string secret;  // <##SECRET##>: what the agent posts to the CGI
  std::string url;     // <##URL##>: General/cgiurl
  std::string from;    // <##FROM##>: General/contact
  std::string owner;   // <##OWNER##>: General/owner
  std::string to;      // <##TO##>: the target's `email`, as written
};

// Line by line, in this order: every <##PATH##> and <##SECRET##> (any letter case), then the
// first <##URL##>, <##FROM##>, <##OWNER##> and <##TO##> of the line (exact case). A value is
// inserted once and not searched again, but a later placeholder written into an earlier
// value is filled, as the original's chain of substitutions does.
std::string fill_smokemail(std::string_view text, const SmokemailFields& fields);

// Where the mail goes: the address inside the first <...> of `First Last <a@b>`, else the
// whole text.
std::string mail_address(const std::string& email);

}  // namespace smokeping::daemon
