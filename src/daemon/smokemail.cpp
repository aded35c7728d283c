#include "smokeping/daemon/smokemail.hpp"

#include <cctype>

namespace smokeping::daemon {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::size_t find_from(const std::string& line, std::string_view tag, std::size_t from,
                      bool any_case) {
  if (!any_case) return line.find(tag, from);
  for (std::size_t at = from; at + tag.size() <= line.size(); ++at) {
    if (equal_ignoring_case(std::string_view(line).substr(at, tag.size()), tag)) return at;
  }
  return std::string::npos;
}

// One substitution over one line: every match (`all`) or the first; the scan resumes after
// the inserted value, so a value is never searched again.
void substitute(std::string& line, std::string_view tag, const std::string& value, bool all,
                bool any_case) {
  std::size_t at = 0;
  while ((at = find_from(line, tag, at, any_case)) != std::string::npos) {
    line.replace(at, tag.size(), value);
    at += value.size();
    if (!all) break;
  }
}

}  // namespace

std::string fill_smokemail(std::string_view text, const SmokemailFields& fields) {
  std::string out;
  out.reserve(text.size() + 256);
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::size_t length = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string line(text.substr(0, length));
    text.remove_prefix(length);
    substitute(line, "<##PATH##>", fields.path, true, true);
    substitute(line, "<##SECRET##>", fields.secret, true, true);
    substitute(line, "<##URL##>", fields.url, false, false);
    substitute(line, "<##FROM##>", fields.from, false, false);
    substitute(line, "<##OWNER##>", fields.owner, false, false);
    substitute(line, "<##TO##>", fields.to, false, false);
    out += line;
  }
  return out;
}

std::string mail_address(const std::string& email) {
  std::size_t open = email.find('<');
  if (open != std::string::npos) {
    std::size_t close = email.find('>', open + 1);
    if (close != std::string::npos) return email.substr(open + 1, close - open - 1);
  }
  return email;
}

}  // namespace smokeping::daemon
