#include "smokeping/alerts/message.hpp"

#include <time.h>

#include <fstream>
#include <map>
#include <sstream>

namespace smokeping::alerts {

namespace {

constexpr std::string_view kDefaultMail =
    "Subject: [SmokeAlert] <##ALERT##> <##WHAT##> on <##LINE##>\n"
    "\n"
    "<##STAMP##>\n"
    "\n"
    "Alert \"<##ALERT##>\" <##WHAT##> for <##URL##>\n"
    "\n"
    "Pattern\n"
    "-------\n"
    "<##PAT##>\n"
    "\n"
    "Data (old --> now)\n"
    "------------------\n"
    "<##LOSS##>\n"
    "<##RTT##>\n"
    "\n"
    "Comment\n"
    "-------\n"
    "<##COMMENT##>\n"
    "\n";

std::string local_time(std::int64_t time, const char* format) {
  time_t t = static_cast<time_t>(time);
  struct tm tm {};
  localtime_r(&t, &tm);
  char buf[128];
  std::size_t n = strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

// Each <##TAG##> replaced by its value in one pass (a value is never searched again). As in
// the original, a value of "0" counts as empty.
std::string fill(std::string text, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = text.find("<##", pos);
    if (open == std::string::npos) break;
    std::size_t close = text.find("##>", open + 3);
    if (close == std::string::npos) break;
    auto it = values.find(text.substr(open + 3, close - open - 3));
    if (it == values.end()) {
      out += text.substr(pos, open + 3 - pos);
      pos = open + 3;
      continue;
    }
    out += text.substr(pos, open - pos);
    if (it->second != "0") out += it->second;
    pos = close + 3;
  }
  out += text.substr(pos);
  return out;
}

}  // namespace

std::vector<std::string> pipe_argv(const Event& event, const std::string& program) {
  std::vector<std::string> argv{program,    event.alert, event.line,
                                event.loss, event.rtt,   event.host};
  if (event.edgetrigger && event.raised()) argv.push_back("1");
  return argv;
}

std::string stamp_text(std::int64_t time) { return local_time(time, "%a %b %e %H:%M:%S %Y"); }

// strftime's day and month names are the C locale's, i.e. the English ones the original asks for.
std::string rfc2822_date(std::int64_t time) { return local_time(time, "%a, %e %b %Y %H:%M:%S %z"); }

std::string mail_body(const Event& event) {
  std::string text(kDefaultMail);
  if (!event.mailtemplate.empty()) {
    std::ifstream in(event.mailtemplate, std::ios::binary);
    if (!in) {
      return "Subject: smokeping failed to open mailtemplate '" + event.mailtemplate +
             "'\n\nsee subject\n";
    }
    std::ostringstream content;
    content << in.rdbuf();
    text = content.str();
  }
  return fill(std::move(text), {{"ALERT", event.alert},
                                {"WHAT", event.what},
                                {"LINE", event.line},
                                {"URL", event.url},
                                {"STAMP", stamp_text(event.time)},
                                {"PAT", event.pattern},
                                {"LOSS", event.loss},
                                {"RTT", event.rtt},
                                {"COMMENT", event.comment}});
}

std::string mail_message(const Event& event, const std::string& to) {
  return "To: " + to + "\nFrom: " + event.from + "\nDate: " + rfc2822_date(event.time) + "\n" +
         mail_body(event) + "\n";
}

std::vector<std::string> mail_recipients(const Event& event) {
  std::vector<std::string> out;
  for (const auto& r : event.recipients) {
    if (r.starts_with("|") || r.starts_with("snpp:") || r.starts_with("xmpp:")) continue;
    std::size_t open = r.find('<');
    std::size_t close = open == std::string::npos ? open : r.find('>', open);
    out.push_back(close == std::string::npos ? r : r.substr(open + 1, close - open - 1));
  }
  return out;
}

}  // namespace smokeping::alerts
