#include "smokeping/export/influx_writer.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace smokeping::exports {

namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::size_t size = 0;
  for (const auto& line : lines) size += line.size() + 1;
  std::string body;
  body.reserve(size);
  for (const auto& line : lines) {
    body += line;
    body += '\n';
  }
  return body;
}

}  // namespace

WriterOptions writer_options(const char* queue_lines, spdlog::logger& log) {
  WriterOptions options;
  if (!queue_lines) return options;
  std::string_view text(queue_lines);
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < 1 ||
      value > 10'000'000) {
    log.error("SMOKEPING_INFLUX_QUEUE_LINES ignored, not a number from 1 to 10000000 value=\"{}\"",
              text);
    return options;
  }
  options.capacity = value;
  return options;
}

InfluxWriter::InfluxWriter(std::shared_ptr<spdlog::logger> log,
                           std::unique_ptr<Transport> transport, WriterOptions options)
    : log_(std::move(log)), transport_(std::move(transport)), options_(options) {
  options_.batch = std::max<std::size_t>(options_.batch, 1);
}

InfluxWriter::~InfluxWriter() { stop(std::chrono::seconds(5)); }

void InfluxWriter::configure(std::optional<Destination> to) {
  std::lock_guard lock(mutex_);
  if (stopping_ || to == to_) return;
  if (!to) {
    log_->info("influx export off");
    if (!queue_.empty()) note_drops(queue_.size(), "export switched off");
    queue_.clear();
  } else {
    log_->info("influx export on url={} timeout={}s auth={}", to->url, to->timeout.count(),
               !to->username.empty() && !to->password.empty() ? "basic" : "none");
  }
  to_ = std::move(to);
  ++generation_;
  if (to_ && !worker_.joinable()) worker_ = std::thread([this] { run(); });
  wake_.notify_all();
}

bool InfluxWriter::enabled() const {
  std::lock_guard lock(mutex_);
  return to_.has_value() && !stopping_;
}

void InfluxWriter::push(std::vector<std::string> lines) {
  std::lock_guard lock(mutex_);
  if (!to_ || stopping_) return;
  std::uint64_t dropped = 0;
  for (auto& line : lines) {
    if (line.empty()) continue;
    if (queue_.size() >= options_.capacity) {
      ++dropped;
    } else {
      queue_.push_back(std::move(line));
    }
  }
  if (dropped > 0) note_drops(dropped, "queue full");
  wake_.notify_one();
}

void InfluxWriter::note_drops(std::uint64_t n, const char* reason, bool force) {
  stats_.dropped += n;
  if (n > 0) drops_unreported_[reason] += n;
  if (drops_unreported_.empty()) return;
  auto now = std::chrono::steady_clock::now();
  bool due = !last_drop_report_ || now - *last_drop_report_ >= options_.drop_log_interval;
  if (!due && !force) return;
  std::uint64_t count = 0;
  std::string reasons;
  for (const auto& [why, k] : drops_unreported_) {
    count += k;
    reasons += fmt::format("{}{}={}", reasons.empty() ? "" : ", ", why, k);
  }
  log_->warn("influx points dropped count={} total={} reasons=\"{}\"", count, stats_.dropped,
             reasons);
  drops_unreported_.clear();
  last_drop_report_ = now;
}

void InfluxWriter::stop(std::chrono::milliseconds grace) {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  wake_.notify_all();
  if (!worker_.joinable()) return;
  if (!settled_.wait_for(lock, grace, [this] { return done_; })) {
    cancel_ = true;  // the transfer in flight ends within about a second
  }
  lock.unlock();
  worker_.join();
}

WriterStats InfluxWriter::stats() const {
  std::lock_guard lock(mutex_);
  WriterStats s = stats_;
  s.queued = queue_.size() + in_flight_;
  return s;
}

void InfluxWriter::run() {
  std::unique_lock lock(mutex_);
  std::vector<std::string> batch;  // taken from the queue, kept until InfluxDB has it
  std::chrono::milliseconds backoff{0};
  std::uint64_t failures = 0;
  for (;;) {
    if (batch.empty()) {
      wake_.wait(lock, [this] { return stopping_ || (to_ && !queue_.empty()); });
      if (!to_ || queue_.empty()) break;  // stopping with nothing to send
      std::size_t n = std::min(options_.batch, queue_.size());
      batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(n)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      in_flight_ = n;
    }
    Destination to = *to_;
    std::uint64_t generation = generation_;  // a reload during the POST ends the retry wait
    ++stats_.posts;
    lock.unlock();
    std::string body = join_lines(batch);
    PostResult result;
    try {
      result = transport_->post(to, body, cancel_);
    } catch (const std::exception& e) {
      result = {PostResult::Status::failed, 0, e.what()};
    }
    lock.lock();
    if (result.status == PostResult::Status::ok) {
      stats_.sent += batch.size();
      if (failures > 0) {
        log_->info("influx writes resumed after_failures={} queued={}", failures, queue_.size());
      }
      failures = 0;
      backoff = std::chrono::milliseconds(0);
    } else if (result.status == PostResult::Status::rejected) {
      log_->warn("influx rejected a batch status={} lines={} answer={}", result.http_status,
                 batch.size(), result.error);
      note_drops(batch.size(), "rejected by InfluxDB");
    } else {
      if (stopping_) {
        log_->warn("influx write given up at stop status={} err={}", result.http_status,
                   result.error);
        break;
      }
      if (++failures == 1) {
        log_->warn("influx write failed, retrying url={} status={} err={}", to.url,
                   result.http_status, result.error);
      } else {
        log_->debug("influx write failed again failures={} err={}", failures, result.error);
      }
      backoff =
          backoff.count() == 0 ? options_.retry_min : std::min(backoff * 2, options_.retry_max);
      wake_.wait_for(lock, backoff, [&] { return stopping_ || generation_ != generation; });
      if (generation_ != generation) backoff = std::chrono::milliseconds(0);
      if (!to_) {  // switched off meanwhile
        note_drops(batch.size(), "export switched off");
        batch.clear();
        in_flight_ = 0;
      }
      continue;  // the same batch again
    }
    batch.clear();
    in_flight_ = 0;
    note_drops(0, "");  // reports earlier drops once the interval passed
  }
  std::size_t left = batch.size() + queue_.size();
  note_drops(left, "unsent at stop", true);
  queue_.clear();
  in_flight_ = 0;
  done_ = true;
  settled_.notify_all();
}

}  // namespace smokeping::exports
