// Curl and AnotherCurl: the original ran curl(1) once per ping; we run the same transfer with
// libcurl in-process (http_transfer.hpp). Private to src/probes.
//
// A ping fetches every URL of `urlformat` (%host% replaced, split at white space) on fresh
// connections and takes, summed over the URLs, curl's time_total - time_namelookup (+
// time_redirect with `include_redirects = yes`); AnotherCurl takes the `write_out` timer
// instead when set. `expect` requires the text in the answer. Difference from the original: a
// transfer curl reports as failed (refused, timed out, TLS error, ...) is a lost ping and a log
// line, whatever `require_zero_status` says; the original counted the time curl spent failing
// unless `require_zero_status = yes`. `ssl2` is ignored, as curl 7.77+ ignores -2.
#pragma once

#include <mutex>
#include <set>

#include "forked_probe.hpp"

namespace smokeping::probes {

class CurlProbe final : public ForkedProbe {
 public:
  CurlProbe(const config::ProbeInstance& instance, std::shared_ptr<spdlog::logger> log,
            ForkedEnvironment env = {});

 protected:
  std::vector<results::Rtt> ping_target(const TargetJob& job) override;

 private:
  // Logs each `extraargs` flag we cannot honour once per target, not every round.
  void note_not_understood(const std::string& target, const std::vector<std::string>& args);

  bool another_;  // AnotherCurl: `write_out`, no `expect`
  std::mutex noted_mutex_;
  std::set<std::string> noted_;  // guarded by noted_mutex_
};

}  // namespace smokeping::probes
