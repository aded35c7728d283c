#include "smokeping/export/influx_writer.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <sstream>

namespace smokeping::exports {
namespace {

using namespace std::chrono_literals;

// A transport the test steers: it can hold every POST until released, answers from a script
// (then ok), and records what it was given.
struct Wire {
  std::mutex m;
  std::condition_variable cv;
  bool hold = false;
  int started = 0;
  std::deque<PostResult> script;
  std::string failing_url;                                 // POSTs to this URL fail
  std::vector<std::pair<std::string, std::string>> posts;  // url, body

  template <typename Pred>
  void wait(Pred pred) {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, 10s, pred)) << "timed out";
  }
  void release() {
    std::lock_guard lock(m);
    hold = false;
    cv.notify_all();
  }
};

class FakeTransport : public Transport {
 public:
  explicit FakeTransport(std::shared_ptr<Wire> wire) : wire_(std::move(wire)) {}
  PostResult post(const Destination& to, const std::string& body,
                  const std::atomic<bool>& cancel) override {
    std::unique_lock lock(wire_->m);
    ++wire_->started;
    wire_->cv.notify_all();
    // `cancel` comes without a notification: look at it now and then, as curl does.
    while (wire_->hold && !cancel) wire_->cv.wait_for(lock, 5ms);
    if (cancel) return {PostResult::Status::failed, 0, "cancelled"};
    wire_->posts.emplace_back(to.url, body);
    wire_->cv.notify_all();
    if (to.url == wire_->failing_url) return {PostResult::Status::failed, 0, "refused"};
    if (wire_->script.empty()) return {PostResult::Status::ok, 204, ""};
    PostResult r = wire_->script.front();
    wire_->script.pop_front();
    return r;
  }

 private:
  std::shared_ptr<Wire> wire_;
};

struct Harness {
  std::shared_ptr<Wire> wire = std::make_shared<Wire>();
  std::ostringstream text;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "influx", std::make_shared<spdlog::sinks::ostream_sink_mt>(text));
  std::unique_ptr<InfluxWriter> writer;

  explicit Harness(WriterOptions options = quick()) {
    log->set_level(spdlog::level::debug);
    writer = std::make_unique<InfluxWriter>(log, std::make_unique<FakeTransport>(wire), options);
  }
  static WriterOptions quick() {
    WriterOptions o;
    o.retry_min = 0ms;
    o.retry_max = 0ms;
    o.drop_log_interval = 1h;
    return o;
  }
  static Destination to(std::string url = "http://127.0.0.1:1/write?db=d&precision=ms") {
    return Destination{std::move(url), "", "", 1s};
  }
  int count(const std::string& needle) {
    std::string all = text.str();
    int n = 0;
    for (auto at = all.find(needle); at != std::string::npos; at = all.find(needle, at + 1)) ++n;
    return n;
  }
};

std::vector<std::string> lines(const std::string& prefix, int n) {
  std::vector<std::string> out;
  for (int i = 1; i <= n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

TEST(InfluxWriter, SendsQueuedLinesInBatchesOfTheConfiguredSize) {
  WriterOptions o = Harness::quick();
  o.batch = 3;
  Harness h(o);
  h.wire->hold = true;
  h.writer->configure(Harness::to());
  h.writer->push({"a"});
  h.wire->wait([&] { return h.wire->started == 1; });
  h.writer->push(lines("b", 7));
  h.wire->release();
  h.wire->wait([&] { return h.wire->posts.size() == 4; });
  std::vector<std::string> bodies;
  for (const auto& [url, body] : h.wire->posts) bodies.push_back(body);
  EXPECT_EQ(bodies, (std::vector<std::string>{"a\n", "b1\nb2\nb3\n", "b4\nb5\nb6\n", "b7\n"}));
  h.writer->stop(1s);
  EXPECT_EQ(h.writer->stats().sent, 8u);
  EXPECT_EQ(h.writer->stats().dropped, 0u);
}

TEST(InfluxWriter, QueueFullDropsAndCountsWithoutBlockingAndLogsOncePerInterval) {
  WriterOptions o = Harness::quick();
  o.capacity = 5;
  Harness h(o);
  h.wire->hold = true;  // InfluxDB hangs
  h.writer->configure(Harness::to());
  h.writer->push({"first"});
  h.wire->wait([&] { return h.wire->started == 1; });
  h.writer->push(lines("x", 8));  // 5 fit, 3 dropped
  h.writer->push(lines("y", 2));  // both dropped
  WriterStats s = h.writer->stats();
  EXPECT_EQ(s.dropped, 5u);
  EXPECT_EQ(s.queued, 6u);  // 5 waiting + 1 in flight
  EXPECT_EQ(h.count("influx points dropped"), 1);
  EXPECT_EQ(h.count("count=3 total=3 reasons=\"queue full=3\""), 1);

  h.writer->stop(0ms);  // cancels the hanging POST; what is left counts as dropped
  s = h.writer->stats();
  EXPECT_EQ(s.sent, 0u);
  EXPECT_EQ(s.dropped, 11u);
  EXPECT_EQ(s.queued, 0u);
  EXPECT_EQ(h.count("influx points dropped"), 2);
  EXPECT_EQ(h.count("count=8 total=11 reasons=\"queue full=2, unsent at stop=6\""), 1);
  EXPECT_EQ(h.count("influx write given up at stop"), 1);
  EXPECT_EQ(h.count("retrying"), 0);
}

TEST(InfluxWriter, FailedBatchIsSentAgainUntilTaken) {
  Harness h;
  h.wire->script = {{PostResult::Status::failed, 500, "e"}, {PostResult::Status::failed, 0, "e"}};
  h.writer->configure(Harness::to());
  h.writer->push({"l1", "l2"});
  h.wire->wait([&] { return h.wire->posts.size() == 3; });
  h.writer->stop(1s);
  EXPECT_EQ(h.wire->posts[0].second, "l1\nl2\n");
  EXPECT_EQ(h.wire->posts[2].second, "l1\nl2\n");
  EXPECT_EQ(h.writer->stats().sent, 2u);
  EXPECT_EQ(h.writer->stats().dropped, 0u);
  EXPECT_EQ(h.count("influx write failed, retrying"), 1);  // not once per try
  EXPECT_EQ(h.count("influx writes resumed after_failures=2"), 1);
}

TEST(InfluxWriter, RejectedBatchIsDroppedNotRetried) {
  Harness h;
  h.wire->script = {{PostResult::Status::rejected, 400, "unable to parse"}};
  h.writer->configure(Harness::to());
  h.writer->push({"bad"});
  h.wire->wait([&] { return h.wire->posts.size() == 1; });
  h.writer->push({"good"});
  h.wire->wait([&] { return h.wire->posts.size() == 2; });
  h.writer->stop(1s);
  EXPECT_EQ(h.wire->posts[1].second, "good\n");
  EXPECT_EQ(h.writer->stats().sent, 1u);
  EXPECT_EQ(h.writer->stats().dropped, 1u);
  EXPECT_EQ(h.count("influx rejected a batch status=400"), 1);
}

TEST(InfluxWriter, NewDestinationGetsTheQueuedLinesAtOnce) {
  WriterOptions o = Harness::quick();
  o.retry_min = o.retry_max = 1h;  // only the reload can end the wait
  Harness h(o);
  h.wire->failing_url = "http://a/";
  h.writer->configure(Harness::to("http://a/"));
  h.writer->push({"p"});
  h.wire->wait([&] { return h.wire->posts.size() == 1; });
  h.writer->configure(Harness::to("http://b/"));
  h.wire->wait([&] { return h.wire->posts.size() == 2; });
  h.writer->stop(1s);
  EXPECT_EQ(h.wire->posts[1], (std::pair<std::string, std::string>{"http://b/", "p\n"}));
  EXPECT_EQ(h.writer->stats().sent, 1u);
}

TEST(InfluxWriter, SwitchedOffDiscardsTheQueueAndIgnoresPushes) {
  Harness h;
  h.wire->hold = true;
  h.writer->configure(Harness::to());
  h.writer->push({"a"});
  h.wire->wait([&] { return h.wire->started == 1; });
  h.writer->push({"b", "c"});
  h.writer->configure(std::nullopt);
  EXPECT_FALSE(h.writer->enabled());
  h.writer->push({"d"});
  EXPECT_EQ(h.writer->stats().dropped, 2u);
  EXPECT_EQ(h.writer->stats().queued, 1u);  // "a", in flight
  h.wire->release();
  h.writer->stop(1s);
  EXPECT_EQ(h.writer->stats().sent, 1u);
  EXPECT_EQ(h.wire->posts.size(), 1u);
}

TEST(InfluxWriter, NothingHappensUntilConfigured) {
  Harness h;
  EXPECT_FALSE(h.writer->enabled());
  h.writer->push({"a"});
  h.writer->stop(1s);
  EXPECT_EQ(h.wire->started, 0);
  EXPECT_EQ(h.writer->stats().dropped, 0u);
}

TEST(InfluxDestination, UrlNamesHostPortAndEscapedDatabaseWithMilliseconds) {
  config::InfluxDb section{"influx.example", "smoke ping&x", "", "", 8087, 7};
  auto d = destination(section);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->url, "http://influx.example:8087/write?db=smoke%20ping%26x&precision=ms");
  EXPECT_EQ(d->timeout, 7s);
  EXPECT_FALSE(destination(std::nullopt));
}

TEST(InfluxDestination, Ipv6AddressGetsBrackets) {
  config::InfluxDb section{"::1", "db", "u", "p", 8086, 15};
  EXPECT_EQ(destination(section)->url, "http://[::1]:8086/write?db=db&precision=ms");
  EXPECT_EQ(destination(section)->username, "u");
}

TEST(InfluxWriterOptions, QueueLinesFromTheEnvironment) {
  Harness h;
  EXPECT_EQ(writer_options("6", *h.log).capacity, 6u);
  EXPECT_EQ(writer_options(nullptr, *h.log).capacity, WriterOptions{}.capacity);
  EXPECT_EQ(h.count("ignored"), 0);
}

TEST(InfluxWriterOptions, BadQueueLinesAreLoggedAndTheDefaultKept) {
  for (const char* bad : {"", "0", "-3", "12x", "99999999999", " 5"}) {
    Harness h;
    EXPECT_EQ(writer_options(bad, *h.log).capacity, WriterOptions{}.capacity) << bad;
    EXPECT_EQ(h.count("SMOKEPING_INFLUX_QUEUE_LINES ignored"), 1) << bad;
  }
}

}  // namespace
}  // namespace smokeping::exports
