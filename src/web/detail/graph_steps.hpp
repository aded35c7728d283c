// Private to web/: the I/O steps GraphMaker's display modes share: pre-passes, standard
// deviations, drawing into the cache, and the side files they look at.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/web/graph_args.hpp"
#include "smokeping/web/graphs.hpp"

namespace smokeping::web::detail {

class GraphSteps {
 public:
  GraphSteps(const config::Config& config, const GraphEnv& env) : config_(config), env_(env) {}

  // Logs a failed librrd call (the original warns to the web server's log).
  void warn(std::string_view what, const std::string& subject, const std::string& error) const;

  // The median's standard deviation from `start` to `end`; 0 when unknown, as the original.
  double sd(const std::string& rrd, const std::string& start, std::int64_t end) const;

  // findmax over the detail periods of one file (§3.3).
  std::map<std::string, Upper> classic_uppers(const std::string& rrd) const;

  // The image of `call`: reused or drawn for cached names, always drawn for unique ones.
  GraphImage draw(const GraphCall& call, const ImagePlace& place, bool cached,
                  std::int64_t max_age) const;

  // <dyndir>/<dirs>/<file_name>.adr exists (a DYNAMIC host that reported its address).
  bool has_adr(const config::TargetNode& node, std::string_view file_name) const;

  // How long an image of `node` stays good without new data: its probe's step.
  std::int64_t max_age(const config::TargetNode& node) const;

  // "<now><pid>": the navigator image's name prefix.
  std::string navigator_prefix() const;

  // The node's parent names: the cache directories its images go to.
  static std::vector<std::string> parents(const config::TargetNode& node);

  // strftime("%Y-%m-%d %H:%M") of now - seconds, or `seconds` itself when not a number.
  std::string ago_text(const std::string& seconds) const;

 private:
  const config::Config& config_;
  const GraphEnv& env_;
};

}  // namespace smokeping::web::detail
