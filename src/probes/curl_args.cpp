#include "curl_args.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <set>

#include "smokeping/core/perl_regex.hpp"

namespace smokeping::probes {

namespace {

using Setter = std::function<bool(HttpTransferOptions&, const std::string&)>;

bool set_seconds(std::chrono::microseconds& into, const std::string& value) {
  double s = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), s);
  if (ec != std::errc() || end != value.data() + value.size() || s <= 0) return false;
  into = std::chrono::microseconds(static_cast<long long>(s * 1e6));
  return true;
}

// Flags that take a value, by every name curl knows them by.
const std::map<std::string, Setter>& valued_flags() {
  static const std::map<std::string, Setter> flags = [] {
    std::map<std::string, Setter> m;
    auto add = [&](std::initializer_list<const char*> names, Setter setter) {
      for (const char* name : names) m[name] = setter;
    };
    auto field = [](std::string HttpTransferOptions::*member) -> Setter {
      return [member](HttpTransferOptions& o, const std::string& v) {
        o.*member = v;
        return true;
      };
    };
    add({"-H", "--header"}, [](HttpTransferOptions& o, const std::string& v) {
      o.headers.push_back(v);
      return true;
    });
    add({"--resolve"}, [](HttpTransferOptions& o, const std::string& v) {
      o.resolves.push_back(v);
      return true;
    });
    add({"-A", "--user-agent"}, field(&HttpTransferOptions::user_agent));
    add({"-e", "--referer"}, field(&HttpTransferOptions::referer));
    add({"-u", "--user"}, field(&HttpTransferOptions::user_password));
    add({"-x", "--proxy"}, field(&HttpTransferOptions::proxy));
    add({"--noproxy"}, field(&HttpTransferOptions::noproxy));
    add({"-b", "--cookie"}, field(&HttpTransferOptions::cookie));
    add({"--cacert"}, field(&HttpTransferOptions::cacert));
    add({"--interface"}, field(&HttpTransferOptions::interface));
    add({"-X", "--request"}, field(&HttpTransferOptions::method));
    add({"-d", "--data", "--data-raw", "--data-binary"}, field(&HttpTransferOptions::post_data));
    add({"-m", "--max-time"},
        [](HttpTransferOptions& o, const std::string& v) { return set_seconds(o.timeout, v); });
    add({"--connect-timeout"}, [](HttpTransferOptions& o, const std::string& v) {
      std::chrono::microseconds t{};
      if (!set_seconds(t, v)) return false;
      o.connect_timeout = t;
      return true;
    });
    add({"--max-redirs"}, [](HttpTransferOptions& o, const std::string& v) {
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), o.max_redirects);
      return ec == std::errc() && end == v.data() + v.size();
    });
    // Where curl would write things: nothing of ours is written, so the value is dropped.
    add({"-o", "--output", "-w", "--write-out", "--stderr", "-D", "--dump-header"},
        [](HttpTransferOptions&, const std::string&) { return true; });
    return m;
  }();
  return flags;
}

// Flags without a value.
bool apply_switch(HttpTransferOptions& o, const std::string& flag) {
  static const std::set<std::string> output_only = {
      "-s", "--silent",    "-S", "--show-error", "-v", "--verbose", "-#", "--progress-bar",
      "-N", "--no-buffer", "-n", "--netrc",      "-q", "--disable"};
  if (output_only.count(flag)) return true;
  if (flag == "-k" || flag == "--insecure") return o.insecure = true;
  if (flag == "-L" || flag == "--location") return o.follow_redirects = true;
  if (flag == "-I" || flag == "--head") return o.head_only = true;
  if (flag == "-f" || flag == "--fail") return o.fail_on_http_error = true;
  if (flag == "--compressed") return o.compressed = true;
  if (flag == "-4" || flag == "--ipv4") return (o.ip_version = 4);
  if (flag == "-6" || flag == "--ipv6") return (o.ip_version = 6);
  if (flag == "-0" || flag == "--http1.0") return (o.http_version = 10);
  if (flag == "--http1.1") return (o.http_version = 11);
  if (flag == "--http2") return (o.http_version = 20);
  return false;
}

}  // namespace

std::vector<std::string> split_extraargs(const std::string& args, const std::string& extrare) {
  std::string pattern = extrare;
  if (pattern.size() >= 2 && pattern.front() == '/' && pattern.back() == '/') {
    pattern = pattern.substr(1, pattern.size() - 2);
  }
  std::string marked = args;
  try {
    marked = core::PerlRegex::cached(pattern)->replace_all(args, "\x01");
  } catch (const core::RegexError&) {
    marked = core::PerlRegex::cached(" ")->replace_all(args, "\x01");
  }
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = marked.find('\x01', start);
    std::string piece = marked.substr(start, end == std::string::npos ? end : end - start);
    if (!piece.empty()) out.push_back(piece);
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

std::vector<std::string> apply_curl_args(const std::vector<std::string>& args,
                                         HttpTransferOptions& options) {
  std::vector<std::string> not_understood;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool inline_value = false;
    // "--max-time=5" is not curl syntax, but "-H" "X: y" and "-HX: y" are.
    if (auto it = valued_flags().find(flag); it != valued_flags().end()) {
      if (i + 1 >= args.size()) {
        not_understood.push_back(flag + " (no value)");
        continue;
      }
      value = args[++i];
      if (!it->second(options, value)) not_understood.push_back(flag + " " + value);
      continue;
    }
    if (flag.size() > 2 && flag[0] == '-' && flag[1] != '-') {
      if (auto it = valued_flags().find(flag.substr(0, 2)); it != valued_flags().end()) {
        inline_value = true;
        if (!it->second(options, flag.substr(2))) not_understood.push_back(flag);
      }
    }
    if (inline_value) continue;
    if (!apply_switch(options, flag)) not_understood.push_back(flag);
  }
  return not_understood;
}

}  // namespace smokeping::probes
