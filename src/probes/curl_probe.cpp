#include "curl_probe.hpp"

#include <spdlog/logger.h>

#include <cmath>
#include <sstream>

#include "curl_args.hpp"
#include "http_transfer.hpp"

namespace smokeping::probes {

namespace {

std::vector<std::string> urls_of(const std::string& urlformat, const std::string& host) {
  std::string text = urlformat;
  for (std::size_t at = text.find("%host%"); at != std::string::npos;
       at = text.find("%host%", at + host.size())) {
    text.replace(at, 6, host);
  }
  std::istringstream words(text);
  std::vector<std::string> urls;
  for (std::string url; words >> url;) urls.push_back(url);
  return urls;
}

// The seconds one transfer adds to a ping.
double timer_of(const HttpTransferResult& r, const std::string& write_out, bool include_redirects) {
  if (write_out == "time_total") return r.total;
  if (write_out == "time_namelookup") return r.namelookup;
  if (write_out == "time_redirect") return r.redirect;
  if (write_out == "time_connect") return r.connect;
  if (write_out == "time_appconnect") return r.appconnect;
  if (write_out == "time_pretransfer") return r.pretransfer;
  if (write_out == "time_starttransfer") return r.starttransfer;
  return r.total - r.namelookup + (include_redirects ? r.redirect : 0.0);
}

}  // namespace

CurlProbe::CurlProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
                     ForkedEnvironment env)
    : ForkedProbe(instance, std::move(log), std::move(env)),
      another_(instance.module && instance.module->name == "AnotherCurl") {}

void CurlProbe::note_not_understood(const std::string& target,
                                    const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    std::lock_guard lock(noted_mutex_);
    if (noted_.insert(target + '\0' + arg).second) {
      log().warn("extraargs not understood, ignored target={} argument={}", target, arg);
    }
  }
}

std::vector<results::Rtt> CurlProbe::ping_target(const TargetJob& job) {
  const PingRequest& request = job.request;
  const TargetVars& vars = job.vars;
  std::vector<std::string> urls = urls_of(vars.text("urlformat"), request.host);
  if (urls.empty()) {
    log().warn("no URL to fetch target={} urlformat='{}'", request.target, vars.text("urlformat"));
    return {};
  }
  HttpTransferOptions options;
  options.user_agent = vars.text("agent");
  options.timeout = ping_timeout(vars);
  options.interface = vars.text("interface");
  options.insecure = vars.perl_true("insecure_ssl");
  options.follow_redirects = vars.yes("follow_redirects");
  note_not_understood(request.target, apply_curl_args(split_extraargs(vars.text("extraargs"),
                                                                      vars.text("extrare", "/ /")),
                                                      options));
  std::string expect = another_ ? std::string() : vars.text("expect");
  options.keep_body = !expect.empty();
  std::string write_out = another_ ? vars.text("write_out") : std::string();
  bool include_redirects = vars.yes("include_redirects");

  std::vector<results::Rtt> rtts;
  std::string last_error;
  for (int ping = 0; ping < request.pings && SteadyClock::now() < job.deadline; ++ping) {
    double seconds = 0;
    bool counted = true;
    bool expect_found = expect.empty();
    for (const auto& url : urls) {
      options.url = url;
      // Never past the target's budget: the original killed curl there.
      auto left =
          std::chrono::duration_cast<std::chrono::microseconds>(job.deadline - SteadyClock::now());
      HttpTransferOptions bounded = options;
      bounded.timeout = std::max(std::chrono::microseconds(1000), std::min(options.timeout, left));
      HttpTransferResult r = http_transfer(bounded);
      if (!r.ok()) {
        last_error = url + ": " + r.error;
        counted = false;
        break;
      }
      if (!expect_found && r.body.find(expect) != std::string::npos) expect_found = true;
      seconds += timer_of(r, write_out, include_redirects);
    }
    if (counted && !expect_found) last_error = "answer does not contain '" + expect + "'";
    if (counted && expect_found) {
      rtts.push_back(std::chrono::nanoseconds(std::llround(seconds * 1e9)));
    }
  }
  if (!last_error.empty()) {
    log().warn("curl transfer target={} replies={}/{} last_error={}", request.target, rtts.size(),
               request.pings, last_error);
  }
  return rtts;
}

}  // namespace smokeping::probes
