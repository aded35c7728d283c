// The contract every probe module fulfils: given the targets of one round, measure them.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/results/measurement.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::probes {

// One target for one round, already resolved from the config tree.
struct PingRequest {
  std::string target;  // node path, copied into the Measurement
  std::string host;    // name or address, resolved at round time
  int pings = 0;
  // The node's target variables of this probe (e.g. Curl `urlformat`), already resolved.
  const std::map<std::string, std::string>* vars = nullptr;
};

// A probe that cannot run at all (no raw-socket permission, unsupported module, ...).
class ProbeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Probe {
 public:
  virtual ~Probe() = default;

  const std::string& name() const { return name_; }

  // Runs one round: every request gets `pings` pings and one Measurement, in request order.
  // A host that does not resolve or never answers is a Measurement with no replies, not an
  // error. Blocks for the round's duration (a few seconds per ping). Throws ProbeError only
  // when the probe itself is broken.
  std::vector<results::Measurement> measure(std::span<const PingRequest> requests);

 protected:
  explicit Probe(std::string name) : name_(std::move(name)) {}
  virtual std::vector<results::Measurement> measure_(std::span<const PingRequest> requests) = 0;

 private:
  std::string name_;
};

// The probe for a `probe = NAME` of the config. Throws ProbeError for modules this build
// cannot run ("probe X is not supported by this build").
std::unique_ptr<Probe> make_probe(const config::ProbeInstance& instance,
                                  std::shared_ptr<spdlog::logger> log);

}  // namespace smokeping::probes
