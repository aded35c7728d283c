// The InfluxDB export's queue: the master hands over lines and goes on probing; one thread
// sends them in batches. When InfluxDB is slow or down the queue fills, and what does not fit
// is dropped and counted (logged at most once per `drop_log_interval`), never waited for.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "smokeping/export/influx_transport.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::exports {

struct WriterOptions {
  std::size_t capacity = 100000;  // lines waiting, the batch being sent not counted
  std::size_t batch = 5000;       // lines per POST
  // After a failed POST the batch is sent again, waiting from `retry_min` doubling to
  // `retry_max` between tries.
  std::chrono::milliseconds retry_min{1000};
  std::chrono::milliseconds retry_max{30000};
  std::chrono::milliseconds drop_log_interval{60000};
};

struct WriterStats {
  std::uint64_t sent = 0;     // lines InfluxDB took
  std::uint64_t dropped = 0;  // lines given up: queue full, rejected, discarded, unsent at stop
  std::size_t queued = 0;     // lines waiting or in flight
  std::uint64_t posts = 0;    // POSTs tried
};

// The defaults, with `capacity` from `queue_lines` (the SMOKEPING_INFLUX_QUEUE_LINES
// environment variable; null: unset) when it is a whole number from 1 to 10000000. Another
// value is logged as an error and the default kept.
WriterOptions writer_options(const char* queue_lines, spdlog::logger& log);

class InfluxWriter {
 public:
  InfluxWriter(std::shared_ptr<spdlog::logger> log, std::unique_ptr<Transport> transport,
               WriterOptions options = {});
  ~InfluxWriter();  // stop() with a 5 s grace
  InfluxWriter(const InfluxWriter&) = delete;
  InfluxWriter& operator=(const InfluxWriter&) = delete;

  // Where to send from now on (at start and at each reload); a new destination also gets the
  // lines still queued. nullopt turns the export off and discards the queue.
  void configure(std::optional<Destination> to);
  bool enabled() const;

  // Queues `lines` (each without its newline). Never blocks on the network; safe from any
  // thread. Does nothing while the export is off.
  void push(std::vector<std::string> lines);

  // Sends what is queued for at most `grace`, then cancels the transfer in flight and ends
  // the thread; unsent lines count as dropped. Later pushes are ignored.
  void stop(std::chrono::milliseconds grace);

  WriterStats stats() const;

 private:
  void run();
  // Counts `n` dropped lines; logs what was not yet reported once the interval passed (or
  // always, with `force`). mutex_ held.
  void note_drops(std::uint64_t n, const char* reason, bool force = false);

  std::shared_ptr<spdlog::logger> log_;
  std::unique_ptr<Transport> transport_;
  WriterOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;     // the worker: lines, a new destination, stop
  std::condition_variable settled_;  // stop(): the worker is done
  std::optional<Destination> to_;
  std::uint64_t generation_ = 0;  // bumped by configure(); ends a retry wait
  std::deque<std::string> queue_;
  std::size_t in_flight_ = 0;
  bool stopping_ = false, done_ = false;
  WriterStats stats_;
  std::map<std::string, std::uint64_t> drops_unreported_;  // by reason
  std::optional<std::chrono::steady_clock::time_point> last_drop_report_;
  std::atomic<bool> cancel_{false};
  std::thread worker_;
};

}  // namespace smokeping::exports
