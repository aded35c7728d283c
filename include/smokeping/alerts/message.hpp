// What an alert says, for each way of sending it, in the original's words and argument order.
#pragma once

#include <string>
#include <vector>

#include "smokeping/alerts/event.hpp"

namespace smokeping::alerts {

// `|/path/prog` runs prog with: alert name, target line, loss text, rtt text, host, and for an
// edge-triggered alert a "1" when it was raised (nothing when cleared, as 2.7.3 does it).
std::vector<std::string> pipe_argv(const Event& event, const std::string& program);

// The mail body after the headers the daemon adds: `mailtemplate` (or the built-in text) with
// <##ALERT##>, <##WHAT##>, <##LINE##>, <##URL##>, <##STAMP##>, <##PAT##>, <##LOSS##>, <##RTT##>
// and <##COMMENT##> filled in. An unreadable template gives a mail saying so in its subject.
std::string mail_body(const Event& event);

// The whole message handed to sendmail or SMTP: To, From and Date headers, then mail_body.
// `to` is the recipients joined with ",".
std::string mail_message(const Event& event, const std::string& to);

// The mail addresses among the recipients: every one that is not a program, snpp: or xmpp:;
// an address written `Name <a@b>` is sent to a@b.
std::vector<std::string> mail_recipients(const Event& event);

// "Wed Nov 25 21:42:16 2026" (Perl's scalar localtime) and the RFC 2822 Date header value.
std::string stamp_text(std::int64_t time);
std::string rfc2822_date(std::int64_t time);

}  // namespace smokeping::alerts
