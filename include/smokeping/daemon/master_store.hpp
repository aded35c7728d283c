// Where the master's rounds go: each target's RRD files (its own and one per slave), prepared
// at every config load.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "smokeping/config/model.hpp"
#include "smokeping/daemon/alert_sink.hpp"
#include "smokeping/daemon/target_updates.hpp"
#include "smokeping/export/influx_writer.hpp"
#include "smokeping/sched/scheduler.hpp"
#include "smokeping/store/rrd_store.hpp"

namespace smokeping::daemon {

class MasterStore : public sched::ResultSink {
 public:
  // `filter_patterns`: the --filter values, which name the sorter cache file as in the
  // original.
  MasterStore(std::shared_ptr<spdlog::logger> log, bool print_updates,
              std::vector<std::string> filter_patterns = {});

  // Creates the missing files of `config` and checks the existing ones. A file that does not
  // fit is logged and left out of updates until a config that fits is loaded.
  void prepare(const config::Config& config, const sched::TargetFilter& filter);

  // Writes the probe's measurements and brings in the slaves' rows of its targets from their
  // `.slave_cache` files, each target's rows in time order (master-slave.md §6.2).
  void round_done(const config::Config& config, const std::string& probe,
                  std::vector<results::Measurement> measurements) override;

  // After its rows are written, each target's rows go to `alerts` (may be null: no alerts).
  void set_alerts(AlertSink* alerts) { alerts_ = alerts; }
  // Likewise every row an RRD file took goes to InfluxDB through `influx` while its export is
  // on (may be null).
  void set_influx(exports::InfluxWriter* influx) { influx_ = influx; }

 private:
  std::shared_ptr<spdlog::logger> log_;
  store::RrdStore store_;
  bool print_updates_;
  std::vector<std::string> filter_patterns_;
  std::mutex mutex_;
  std::set<std::string> unusable_;  // files whose layout does not fit the config
  DeniedDirs denied_dirs_;          // dyndir directories the daemon may not change
  sched::TargetFilter filter_;
  AlertSink* alerts_ = nullptr;
  exports::InfluxWriter* influx_ = nullptr;
};

}  // namespace smokeping::daemon
