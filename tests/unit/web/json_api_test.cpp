// The CGI's machine-readable answers against real RRD files: routing, bad input, the values
// of ?metrics and ?format=json.
#include "smokeping/web/json_api.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "smokeping/protocol/health_file.hpp"
#include "smokeping/protocol/slave_cache.hpp"
#include "smokeping/store/rrd_store.hpp"
#include "smokeping/web/metrics_page.hpp"
#include "smokeping/web/slave_status.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::web {
namespace {

constexpr std::int64_t kT0 = 1795600020;  // a multiple of the step, 60

struct JsonApiTest : ::testing::Test {
  test::TempConfig dir;
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "web", std::make_shared<spdlog::sinks::ostream_sink_st>(out));
  std::shared_ptr<const config::Config> config;

  void SetUp() override {
    std::string slaves = "*** Slaves ***\nsecrets = " + dir.path("secrets") +
                         "\n+ boomer\ndisplay_name = boomer\ncolor = ff0000\n";
    std::string file = dir.write(
        "etc/config",
        dir.general() + test::TempConfig::database("step = 60\npings = 3\nAVERAGE 0.5 1 100\n") +
            dir.presentation() + dir.probes() + slaves + test::TempConfig::targets_top() +
            "+ Local\nmenu = L\ntitle = L\n"
            "++ t1\nmenu = t1\ntitle = t1\nhost = 127.0.0.1\nslaves = boomer\n"
            "++ t2\nmenu = t2\ntitle = t2\nhost = 127.0.0.2\n");
    config = test::load(file);
    // The master's file with three rounds; the slave's file is never created.
    const config::TargetNode& node = *config->find_target({"Local", "t1"});
    store::RrdStore store(log);
    store::RrdSpec spec = store::rrd_spec(*config, node);
    ASSERT_FALSE(store.prepare(spec, kT0 - 120));
    ASSERT_TRUE(store.update(spec, kT0 - 60, "U:0:1e-03:1e-03:1e-03:1e-03"));
    ASSERT_TRUE(store.update(spec, kT0, "U:1:2e-03:1e-03:3e-03:U"));
    ASSERT_TRUE(store.update(spec, kT0 + 60, "U:3:U:U:U:U"));
  }

  std::optional<Response> call(const std::string& query, protocol::FormFields form) {
    Request request;
    request.env = {{"REQUEST_METHOD", "GET"}, {"QUERY_STRING", query}};
    return serve_api(PageInput{*config, request, form, kT0 + 100}, *log);
  }
};

TEST_F(JsonApiTest, LeavesOtherRequestsToThePages) {
  EXPECT_FALSE(call("target=Local.t1", {{{"target", "Local.t1"}}}));
  EXPECT_FALSE(call("", {}));
}

TEST_F(JsonApiTest, MetricsAnswersTheKeywordQuery) {
  auto r = call("metrics", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Content-Type"), kMetricsContentType);
  EXPECT_NE(r->body.find("# TYPE smokeping_target_median_seconds gauge"), std::string::npos);
}

TEST_F(JsonApiTest, MetricsAreTheLastUpdatesValues) {
  // The last round lost every ping: median NaN, loss 1, no quantiles.
  std::string text = metrics_text(*config, kT0 + 100);
  const std::string labels = "{path=\"/Local/t1\",slave=\"\",probe=\"FPing\"}";
  EXPECT_NE(text.find("smokeping_target_median_seconds" + labels + " NaN\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("smokeping_target_loss_ratio" + labels + " 1\n"), std::string::npos);
  EXPECT_NE(text.find("smokeping_target_rtt_seconds_count" + labels + " 0\n"), std::string::npos);
  EXPECT_NE(text.find("smokeping_target_last_update_timestamp_seconds" + labels + " " +
                      std::to_string(kT0 + 60) + "\n"),
            std::string::npos);
  // The slave never reported: its file is missing.
  EXPECT_NE(text.find("smokeping_target_rrd_readable{path=\"/Local/t1\",slave=\"boomer\","
                      "probe=\"FPing\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("smokeping_health_file_readable 0\n"), std::string::npos);
}

TEST_F(JsonApiTest, MetricsOfARoundWithAnswersHaveItsQuantiles) {
  const config::TargetNode& node = *config->find_target({"Local", "t1"});
  store::RrdStore store(log);
  ASSERT_TRUE(store.update(store::rrd_spec(*config, node), kT0 + 120, "U:1:2e-03:1e-03:3e-03:U"));
  std::string text = metrics_text(*config, kT0 + 130);
  const std::string base = "path=\"/Local/t1\",slave=\"\",probe=\"FPing\"";
  EXPECT_NE(text.find("smokeping_target_median_seconds{" + base + "} 0.002\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("smokeping_target_rtt_seconds{" + base + ",quantile=\"0\"} 0.001\n"),
            std::string::npos);
  EXPECT_NE(text.find("smokeping_target_rtt_seconds{" + base + ",quantile=\"1\"} 0.003\n"),
            std::string::npos);
  EXPECT_NE(text.find("smokeping_target_rtt_seconds_count{" + base + "} 2\n"), std::string::npos);
  EXPECT_NE(text.find("smokeping_target_loss_ratio{" + base + "} 0.3333333333333333\n"),
            std::string::npos);
}

TEST_F(JsonApiTest, MetricsIncludeTheDaemonsHealth) {
  protocol::Health h;
  h.pid = 42;
  h.started = kT0 - 1000;
  h.version = "2.7.3";
  h.written = kT0 + 90;
  h.probes = {{"FPing", 60, kT0 + 60, 2, 1, 5, 1}};
  h.slaves = {{"boomer", kT0 + 61, 9, 0, 0, 0}};
  protocol::write_health_file(protocol::health_file_path(config->general), h);
  std::string text = metrics_text(*config, kT0 + 100);
  EXPECT_NE(text.find("smokeping_health_file_age_seconds 10\n"), std::string::npos) << text;
  EXPECT_NE(text.find("smokeping_probe_overruns_total{probe=\"FPing\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("smokeping_probe_round_duration_seconds{probe=\"FPing\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("smokeping_slave_merged_rows_total{slave=\"boomer\"} 9\n"),
            std::string::npos);
}

TEST_F(JsonApiTest, MetricsRefuseOtherParameters) {
  auto r = call("metrics&x=1", {{{"metrics", ""}, {"x", "1"}}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("unknown parameter x"), std::string::npos);
  EXPECT_NE(out.str().find("unknown parameter x"), std::string::npos);
}

TEST_F(JsonApiTest, JsonDataGivesTheRowsWithNullForUnknown) {
  auto r = call("", {{{"target", "Local.t1"},
                      {"format", "json"},
                      {"start", std::to_string(kT0 - 60)},
                      {"end", std::to_string(kT0 + 60)}}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->header("Content-Type"), "application/json");
  const std::string& body = r->body;
  EXPECT_NE(body.find("\"target\":\"Local.t1\",\"slave\":null,\"cf\":\"AVERAGE\",\"step\":60"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("\"columns\":[\"time\",\"uptime\",\"loss\",\"median\",\"ping1\",\"ping2\","
                      "\"ping3\"]"),
            std::string::npos);
  EXPECT_NE(body.find("[" + std::to_string(kT0) + ",null,1,0.002,0.001,0.003,null]"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("[" + std::to_string(kT0 + 60) + ",null,3,null,null,null,null]"),
            std::string::npos);
}

TEST(JsonData, ALongRangeIsAnsweredFromACoarserArchive) {
  // 200 days at a 60 s step are 288000 rows, more than the cap; the hourly archive holds them
  // in 4800. A file with only the 60 s archive is refused (JsonDataRefusesBadInput).
  test::TempConfig dir;
  std::ostringstream out;
  auto log = std::make_shared<spdlog::logger>(
      "web", std::make_shared<spdlog::sinks::ostream_sink_st>(out));
  auto config = test::load(dir.write(
      "etc/config", dir.general() +
                        test::TempConfig::database(
                            "step = 60\npings = 3\nAVERAGE 0.5 1 100\nAVERAGE 0.5 60 1000\n") +
                        dir.presentation() + dir.probes() + test::TempConfig::targets_top() +
                        "+ t1\nmenu = t1\ntitle = t1\nhost = 127.0.0.1\n"));
  const config::TargetNode& node = *config->find_target({"t1"});
  store::RrdStore store(log);
  store::RrdSpec spec = store::rrd_spec(*config, node);
  ASSERT_FALSE(store.prepare(spec, kT0 - 7200));
  for (std::int64_t t = kT0 - 7140; t <= kT0; t += 60) {
    ASSERT_TRUE(store.update(spec, t, "U:0:1e-03:1e-03:1e-03:1e-03"));
  }
  Request request;
  request.env = {{"REQUEST_METHOD", "GET"}, {"QUERY_STRING", ""}};
  protocol::FormFields form{{{"target", "t1"},
                             {"format", "json"},
                             {"start", std::to_string(kT0 - 200 * 86400)},
                             {"end", std::to_string(kT0)}}};
  auto r = serve_api(PageInput{*config, request, form, kT0 + 10}, *log);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->body.find("\"step\":3600,"), std::string::npos) << r->body.substr(0, 300);
  const auto rows = std::count(r->body.begin(), r->body.end(), '\n') - 1;
  EXPECT_GT(rows, 4000);
  EXPECT_LE(rows, 4801);
  // The one full hour of data is in the answer, as the hourly average (0.001 give or take
  // the sum's rounding).
  EXPECT_NE(r->body.find("[" + std::to_string(kT0 / 3600 * 3600) + ",null,0,0.00"),
            std::string::npos)
      << r->body.substr(r->body.size() - 400);
}

TEST_F(JsonApiTest, JsonDataRefusesBadInput) {
  struct Case {
    protocol::FormFields form;
    int status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{{{"target", "Local.t1"}, {"format", "xml"}}}, 400, "unknown format 'xml'"},
      {{{{"format", "json"}}}, 400, "needs a target"},
      {{{{"target", "Local.nope"}, {"format", "json"}}}, 404, "unknown target 'Local.nope'"},
      {{{{"target", "Local"}, {"format", "json"}}}, 404, "a group"},
      {{{{"target", "Local.t1~nobody"}, {"format", "json"}}}, 404, "unknown slave 'nobody'"},
      {{{{"target", "Local.t1~boomer"}, {"format", "json"}}}, 404, "no data file"},
      {{{{"target", "Local..t1"}, {"format", "json"}}}, 400, "invalid target"},
      {{{{"target", "a~b~c"}, {"format", "json"}}}, 400, "PATH~SLAVE"},
      {{{{"target", "Local.t1"}, {"format", "json"}, {"start", "now"}, {"end", "-1d"}}},
       400,
       "start"},
      {{{{"target", "Local.t1"}, {"format", "json"}, {"x", "1"}}}, 400, "unknown parameter x"},
      {{{{"target", "Local.t1~"}, {"format", "json"}}}, 400, "PATH~SLAVE"},
      {{{{"target", std::string("Local.t1\0", 9)}, {"format", "json"}}}, 400, "NUL byte"},
      {{{{"target", "Local/t1"}, {"format", "json"}}}, 400, "invalid target"},
      {{{{"target", "Local.t2~boomer"}, {"format", "json"}}},
       404,
       "slave 'boomer' does not report for 'Local.t2'"},
      {{{{"target", "Local.t1"}, {"format", "json"}, {"start", "1"}, {"end", "4294967295"}}},
       400,
       "more than 100000 rows"},
      {{{{"target", "Local.t1"}, {"format", "json"}, {"start", "yesterday noon-ish"}}},
       400,
       "start time"},
  };
  for (const auto& c : cases) {
    auto r = call("", c.form);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, c.status) << c.message << ": " << r->body;
    EXPECT_EQ(r->header("Content-Type"), "application/json") << c.message;
    EXPECT_NE(r->body.find("{\"error\":"), std::string::npos) << r->body;
    EXPECT_NE(r->body.find(c.message), std::string::npos) << r->body;
  }
  EXPECT_NE(out.str().find("unknown target 'Local.nope' status=404"), std::string::npos);
}

TEST_F(JsonApiTest, SlaveStatusListsTheSlaveAndItsBacklog) {
  protocol::append_slave_cache(
      protocol::slave_cache_file(dir.path("data"), "/Local/t1", "boomer"),
      std::vector<protocol::SlaveCacheEntry>{{"boomer", std::to_string(kT0), "U:0:1e-3"}});
  SlaveStatusReport report = slave_status(*config, kT0 + 100);
  ASSERT_EQ(report.slaves.size(), 1u);
  const SlaveStatus& s = report.slaves[0];
  EXPECT_EQ(s.name, "boomer");
  EXPECT_EQ(s.targets, std::vector<std::string>{"Local.t1"});
  EXPECT_EQ(s.step, 60);
  EXPECT_EQ(s.backlog_files, 1);
  EXPECT_EQ(s.backlog_rows, 1);
  EXPECT_GT(s.last_seen, 0);  // the cache file's mtime: posted, not merged yet
  EXPECT_FALSE(s.rows_merged);
  EXPECT_FALSE(report.health_error.empty());

  auto r = call("slavestatus&format=json", {{{"slavestatus", ""}, {"format", "json"}}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("\"name\":\"boomer\""), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("\"backlog\":{\"files\":1,"), std::string::npos) << r->body;
  // The HTML page is the pages' (slave_status_page_test.cpp).
  EXPECT_FALSE(call("slavestatus", {}));
}

TEST_F(JsonApiTest, JsonDataTakesARangeOfAtMostTheRowCap) {
  // 100000 rows of 60 s end at `end`: librrd is asked, and answers with its rows.
  const std::int64_t end = kT0 + 60;
  auto r = call("", {{{"target", "Local.t1"},
                      {"format", "json"},
                      {"start", std::to_string(end - 100000 * 60)},
                      {"end", std::to_string(end)}}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->body.find("[" + std::to_string(kT0) + ",null,1,0.002,"), std::string::npos);
}

TEST_F(JsonApiTest, JsonDataTakesRrdtoolTimes) {
  auto r = call("", {{{"target", "Local.t1"},
                      {"format", "json"},
                      {"start", "end-3min"},
                      {"end", std::to_string(kT0 + 60)}}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->body.find("[" + std::to_string(kT0) + ",null,1,0.002,"), std::string::npos)
      << r->body;
}

TEST_F(JsonApiTest, ErrorBodiesStayValidJsonForNonUtf8Input) {
  auto r = call("target=Local.t1&format=%FF", {{{"target", "Local.t1"}, {"format", "\xFF"}}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body, "{\"error\":\"unknown format '\\ufffd' (json is the one known)\"}\n");
}

TEST_F(JsonApiTest, MetricsOfAnUnreadableTargetAreOnlyItsReadableSample) {
  // The slave's file was never written: one sample, rrd_readable 0, and no pings either.
  std::string text = metrics_text(*config, kT0 + 100);
  const std::string labels = "{path=\"/Local/t1\",slave=\"boomer\",probe=\"FPing\"}";
  std::size_t count = 0;
  for (std::size_t at = text.find(labels); at != std::string::npos; at = text.find(labels, at + 1))
    ++count;
  EXPECT_EQ(count, 1u) << text;
  EXPECT_NE(text.find("smokeping_target_rrd_readable" + labels + " 0\n"), std::string::npos);
  EXPECT_NE(text.find("smokeping_target_pings{path=\"/Local/t1\",slave=\"\""), std::string::npos);
}

TEST_F(JsonApiTest, SlaveStatusRefusesOtherParameters) {
  auto r = call("slavestatus&y=2", {{{"slavestatus", ""}, {"y", "2"}}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

}  // namespace
}  // namespace smokeping::web
