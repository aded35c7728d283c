#include "remote_fping.hpp"

#include <spdlog/logger.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <sstream>

#include "child_process.hpp"
#include "target_vars.hpp"

namespace smokeping::probes {

namespace {

// The original's `int(1000 * seconds)`.
std::optional<long> milliseconds_of(const TargetVars& vars, const std::string& name) {
  auto s = vars.seconds(name);
  if (!s) return std::nullopt;
  return static_cast<long>(s->count() / 1000);
}

}  // namespace

std::optional<FpingSummary> parse_fping_summary(const std::string& line) {
  std::istringstream words(line);
  FpingSummary summary;
  std::string colon;
  if (!(words >> summary.host >> colon) || colon != ":") return std::nullopt;
  bool any = false;
  for (std::string word; words >> word;) {
    if (word == "-") {
      summary.times_ms.push_back(std::nullopt);
      any = true;
      continue;
    }
    double ms = 0;
    auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), ms);
    if (ec != std::errc() || end != word.data() + word.size()) return std::nullopt;
    summary.times_ms.push_back(ms);
    any = true;
  }
  if (!any) return std::nullopt;
  return summary;
}

RemoteFPingProbe::RemoteFPingProbe(const config::ProbeInstance& instance,
                                   std::shared_ptr<spdlog::logger> log)
    : Probe(instance.name),
      instance_(instance),
      log_(log ? std::move(log) : std::make_shared<spdlog::logger>("probe." + instance.name)) {
  for (const char* required : {"binary", "rhost", "rbinary"}) {
    const std::string* v = instance_.var(required);
    if (!v || v->empty()) {
      throw ProbeError("probe " + instance.name + ": " + required + " is not set");
    }
  }
}

std::vector<std::string> RemoteFPingProbe::command(const std::vector<std::string>& hosts,
                                                   int pings) const {
  TargetVars vars(instance_.vars);
  std::vector<std::string> argv = {vars.text("binary")};
  if (vars.get("ruser")) argv.push_back("-l" + vars.text("ruser"));
  if (vars.get("rport")) argv.push_back("-p" + vars.text("rport"));
  argv.push_back(vars.text("rhost"));
  argv.push_back(vars.text("rbinary"));
  if (vars.text("blazemode") == "true") ++pings;
  for (const char* fixed : {"-C", "", "-q", "-B1", "-r1"}) {
    argv.push_back(*fixed ? fixed : std::to_string(pings));
  }
  if (vars.perl_true("protocol")) argv.push_back("-" + vars.text("protocol"));
  if (vars.perl_true("packetsize")) argv.push_back("-b" + vars.text("packetsize"));
  if (vars.perl_true("timeout")) {
    if (auto ms = milliseconds_of(vars, "timeout")) argv.push_back("-t" + std::to_string(*ms));
  }
  argv.push_back("-i" + std::to_string(milliseconds_of(vars, "mininterval").value_or(10)));
  if (vars.perl_true("hostinterval")) {
    if (auto ms = milliseconds_of(vars, "hostinterval")) {
      argv.push_back("-p" + std::to_string(*ms));
    }
  }
  if (vars.perl_true("sourceaddress")) argv.push_back("-S" + vars.text("sourceaddress"));
  if (vars.perl_true("tos")) argv.push_back("-O" + vars.text("tos"));
  argv.insert(argv.end(), hosts.begin(), hosts.end());
  return argv;
}

std::chrono::milliseconds RemoteFPingProbe::round_limit(std::size_t hosts, int pings) const {
  TargetVars vars(instance_.vars);
  long per_host = milliseconds_of(vars, "hostinterval").value_or(1000);
  long spacing = milliseconds_of(vars, "mininterval").value_or(10) * static_cast<long>(hosts);
  return std::chrono::milliseconds(std::max(per_host, spacing) * (pings + 1) + 30000);
}

std::vector<results::Measurement> RemoteFPingProbe::measure_(
    std::span<const PingRequest> requests) {
  std::vector<results::Measurement> out(requests.size());
  std::map<std::string, std::vector<std::size_t>> by_host;
  std::vector<std::string> hosts;
  int pings = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    out[i].target = requests[i].target;
    out[i].pings = requests[i].pings;
    pings = std::max(pings, requests[i].pings);
    auto& slot = by_host[requests[i].host];
    if (slot.empty()) hosts.push_back(requests[i].host);
    slot.push_back(i);
  }
  if (hosts.empty() || pings <= 0) return out;

  std::vector<std::string> argv = command(hosts, pings);
  auto limit = round_limit(hosts.size(), pings);
  ChildResult child = run_child(argv, std::chrono::steady_clock::now() + limit);
  if (!child.error.empty()) {
    log_->warn("remote fping not run probe={} error={}", name(), child.error);
    return out;
  }
  if (child.timed_out) {
    log_->warn("remote fping killed after {} s probe={} rhost={}", limit.count() / 1000, name(),
               TargetVars(instance_.vars).text("rhost"));
    return out;
  }
  bool blaze = TargetVars(instance_.vars).text("blazemode") == "true";
  const std::string& text =
      TargetVars(instance_.vars).text("usestdout") == "true" ? child.out : child.err;
  std::size_t parsed = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    auto summary = parse_fping_summary(line);
    if (!summary) continue;
    auto it = by_host.find(summary->host);
    if (it == by_host.end()) continue;
    ++parsed;
    auto& times = summary->times_ms;
    // blazemode's extra first ping is dropped, as the original drops the first column.
    if (blaze && !times.empty()) times.erase(times.begin());
    for (std::size_t i : it->second) {
      for (const auto& ms : times) {
        if (!ms) continue;
        if (out[i].rtts.size() >= static_cast<std::size_t>(requests[i].pings)) break;
        out[i].rtts.push_back(std::chrono::nanoseconds(std::llround(*ms * 1e6)));
      }
    }
  }
  if (parsed == 0) {
    std::string last = text.substr(0, 300);
    while (!last.empty() && std::isspace(static_cast<unsigned char>(last.back()))) last.pop_back();
    log_->warn("remote fping gave no results probe={} status={} output={}", name(), child.status,
               last);
  }
  return out;
}

}  // namespace smokeping::probes
