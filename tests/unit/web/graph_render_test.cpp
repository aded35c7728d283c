// GraphMaker against real RRD files: images land in the cache under the original's names with
// the size rrdtool reports, are drawn again only when there is newer data, are drawn once for
// concurrent requests, and failures come back as errors with the arguments.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "smokeping/store/rrd_store.hpp"
#include "smokeping/web/graphs.hpp"
#include "tests/support/shared_files.hpp"
#include "tests/support/temp_config.hpp"

namespace smokeping::web {
namespace {

namespace fs = std::filesystem;

struct PngSize {
  bool signature = false;
  int width = 0, height = 0;
};

PngSize png_size(const std::string& bytes) {
  PngSize out;
  out.signature = bytes.size() > 24 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0;
  if (!out.signature) return out;
  auto be32 = [&](std::size_t at) {
    int v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  out.width = be32(16);
  out.height = be32(20);
  return out;
}

std::string read_bytes(const std::string& path) {
  return smokeping::test::read_file(path).value_or("");
}

class GraphRender : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string text =
        dir_.general() +
        smokeping::test::TempConfig::database(
            "step = 300\npings = 5\n"
            "AVERAGE 0.5 1 1008\n") +
        dir_.presentation("", "\"Last 3 Hours\" 3h\n\"Last 30 Hours\" 30h\n") + dir_.probes() +
        smokeping::test::TempConfig::targets_top() +
        "+ Local\nmenu = Local\ntitle = Local\n"
        "++ Host1\nmenu = Host1\ntitle = Host One\nhost = 127.0.0.1\n"
        "++ Missing\nmenu = Missing\ntitle = No file\nhost = 127.0.0.2\n"
        "++ Multi\nmenu = Multi\ntitle = Both\nhost = /Local/Host1 /Local/Missing\n";
    config_ = smokeping::test::load(dir_.write("etc/config", text));
    ASSERT_TRUE(config_);
    host_ = config_->find_target({"Local", "Host1"});
    missing_ = config_->find_target({"Local", "Missing"});
    multi_ = config_->find_target({"Local", "Multi"});
    ASSERT_TRUE(host_ && missing_ && multi_);

    now_ = std::time(nullptr) / 300 * 300;
    spec_ = store::rrd_spec(*config_, *host_);
    ASSERT_EQ(store_.prepare(spec_, now_ - 4 * 3600), std::nullopt);
    for (std::int64_t t = now_ - 4 * 3600 + 300; t <= now_; t += 300) add_round(t);
  }

  void add_round(std::int64_t t) {
    const double m = 0.010 + 0.001 * static_cast<double>(t / 300 % 7);
    ASSERT_TRUE(store_.update(
        spec_, t,
        fmt::format("U:{}:{}:{}:{}:{}:{}:{}", t / 300 % 3, m, m * 0.9, m, m, m * 1.1, m * 1.3)));
  }

  GraphEnv env(ImageFormat format = ImageFormat::png) const {
    GraphEnv e;
    e.now = now_;
    e.hostname = "testhost";
    e.format = format;
    e.log = log_;
    return e;
  }

  std::string cache(const std::string& rel) const { return dir_.path("cache/" + rel); }

  smokeping::test::TempConfig dir_;
  std::shared_ptr<const config::Config> config_;
  const config::TargetNode* host_ = nullptr;
  const config::TargetNode* missing_ = nullptr;
  const config::TargetNode* multi_ = nullptr;
  std::int64_t now_ = 0;
  std::ostringstream log_text_;
  std::shared_ptr<spdlog::logger> log_ = std::make_shared<spdlog::logger>(
      "web", std::make_shared<spdlog::sinks::ostream_sink_st>(log_text_));
  store::RrdStore store_{log_};
  store::RrdSpec spec_;
};

TEST_F(GraphRender, OverviewIsAPngOfTheSizeRrdtoolReports) {
  GraphMaker maker(*config_, env());
  std::optional<GraphImage> image = maker.overview(*host_);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->ok()) << image->error;
  EXPECT_EQ(image->file, cache("Local/Host1_mini.png"));
  EXPECT_EQ(image->url, "cache/Local/Host1_mini.png");
  const PngSize png = png_size(read_bytes(image->file));
  EXPECT_TRUE(png.signature);
  EXPECT_EQ(png.width, image->width);
  EXPECT_EQ(png.height, image->height);
  EXPECT_EQ(image->width, 697);  // the 600-px canvas in a 697-px image (§2.12)
  EXPECT_TRUE(image->drawn);
}

TEST_F(GraphRender, DetailDrawsEveryPeriodAsPng) {
  GraphMaker maker(*config_, env());
  std::vector<DetailPanel> panels = maker.detail(*host_);
  ASSERT_EQ(panels.size(), 2u);
  EXPECT_EQ(panels[0].desc, "Last 3 Hours");
  EXPECT_EQ(panels[0].who, "testhost");
  EXPECT_EQ(panels[1].seconds, "108000");
  for (const auto& panel : panels) {
    ASSERT_TRUE(panel.image.ok()) << panel.image.error;
    EXPECT_EQ(panel.image.file, cache("Local/Host1_last_" + panel.seconds + ".png"));
    const PngSize png = png_size(read_bytes(panel.image.file));
    EXPECT_TRUE(png.signature);
    EXPECT_EQ(png.width, panel.image.width);
    EXPECT_EQ(png.height, panel.image.height);
    EXPECT_EQ(panel.image.args.front(), panel.image.file);
  }
}

TEST_F(GraphRender, AnImageIsDrawnAgainOnlyWhenItsRrdHasNewerData) {
  const std::string file = cache("Local/Host1_last_10800.png");
  ASSERT_TRUE(GraphMaker(*config_, env()).detail(*host_).at(0).image.drawn);
  struct stat first {};
  ASSERT_EQ(::stat(file.c_str(), &first), 0);

  std::vector<DetailPanel> again = GraphMaker(*config_, env()).detail(*host_);
  EXPECT_FALSE(again.at(0).image.drawn);
  EXPECT_EQ(again.at(0).image.width, 697);  // the size comes from the cache's record
  struct stat second {};
  ASSERT_EQ(::stat(file.c_str(), &second), 0);
  EXPECT_EQ(first.st_ino, second.st_ino);

  add_round(now_ + 300);
  std::vector<DetailPanel> newer = GraphMaker(*config_, env()).detail(*host_);
  EXPECT_TRUE(newer.at(0).image.drawn);
}

TEST_F(GraphRender, AnImageOlderThanOneStepIsDrawnAgainEvenWithoutNewData) {
  ASSERT_TRUE(GraphMaker(*config_, env()).overview(*host_)->drawn);
  GraphEnv later = env();
  later.now = std::time(nullptr) + 301;
  EXPECT_TRUE(GraphMaker(*config_, later).overview(*host_)->drawn);
}

TEST_F(GraphRender, ConcurrentRequestsForOneImageDrawItOnce) {
  std::atomic<int> drawn{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      std::optional<GraphImage> image = GraphMaker(*config_, env()).overview(*host_);
      if (!image || !image->ok()) ++failed;
      if (image && image->drawn) ++drawn;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(drawn, 1);
}

TEST_F(GraphRender, ConcurrentProcessesDrawAnImageOnce) {
  // Each child reports by its exit status: 1 drew the image, 0 used the cached one, 2 failed.
  std::vector<pid_t> children;
  for (int i = 0; i < 4; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      std::optional<GraphImage> image = GraphMaker(*config_, env()).overview(*host_);
      ::_exit(!image || !image->ok() ? 2 : image->drawn ? 1 : 0);
    }
    children.push_back(pid);
  }
  int drawn = 0, failed = 0;
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    drawn += WEXITSTATUS(status) == 1;
    failed += WEXITSTATUS(status) == 2;
  }
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(drawn, 1);
}

TEST_F(GraphRender, MissingRrdIsAnErrorWithTheArguments) {
  GraphMaker maker(*config_, env());
  std::optional<GraphImage> overview = maker.overview(*missing_);
  ASSERT_TRUE(overview);
  EXPECT_FALSE(overview->ok());
  EXPECT_NE(overview->error.find("No such file or directory"), std::string::npos)
      << overview->error;
  // The overview lists only its line blocks, as the original.
  ASSERT_FALSE(overview->error_args.empty());
  EXPECT_EQ(overview->error_args.front().rfind("DEF:median1=", 0), 0u);
  EXPECT_FALSE(fs::exists(overview->file));

  std::vector<DetailPanel> panels = maker.detail(*missing_);
  ASSERT_EQ(panels.size(), 1u);  // drawing stops at the first failure
  EXPECT_FALSE(panels[0].image.ok());
  EXPECT_EQ(panels[0].image.error_args, panels[0].image.args);
  EXPECT_EQ(panels[0].image.args.front(), cache("Local/Missing_last_10800.png"));
  // Only the pre-pass's upper limit of a file that has no data: 1e-6 * 1.2.
  EXPECT_NE(std::find(panels[0].image.args.begin(), panels[0].image.args.end(), "1.2e-06"),
            panels[0].image.args.end());
  EXPECT_NE(log_text_.str().find("failed"), std::string::npos);
}

TEST_F(GraphRender, MultihostGraphLeavesOutFilesThatCannotBeRead) {
  GraphMaker maker(*config_, env());
  std::vector<DetailPanel> panels = maker.detail(*multi_);
  ASSERT_EQ(panels.size(), 2u);
  ASSERT_TRUE(panels[0].image.ok()) << panels[0].image.error;
  const auto& args = panels[0].image.args;
  auto has_prefix = [&](const std::string& p) {
    return std::any_of(args.begin(), args.end(), [&](const auto& a) { return a.rfind(p, 0) == 0; });
  };
  EXPECT_TRUE(has_prefix("DEF:median1="));
  EXPECT_FALSE(has_prefix("DEF:median2="));
  EXPECT_TRUE(png_size(read_bytes(panels[0].image.file)).signature);
}

TEST_F(GraphRender, NavigatorWithAnUnparsableStartReportsRrdtoolsMessage) {
  RangeGraph graph = GraphMaker(*config_, env()).navigator(*host_, "", "garbage", "now", "");
  EXPECT_EQ(graph.input_error, "start time: unparsable time: garbage");
  EXPECT_TRUE(graph.image.file.empty());
}

TEST_F(GraphRender, NavigatorDrawsIntoTheNavcache) {
  GraphEnv e = env();
  e.pid = 4242;
  RangeGraph graph = GraphMaker(*config_, e).navigator(*host_, "", "now-3h", "now", "");
  ASSERT_TRUE(graph.input_error.empty()) << graph.input_error;
  ASSERT_TRUE(graph.image.ok()) << graph.image.error;
  const std::string now = std::to_string(now_);
  EXPECT_EQ(graph.image.file, cache("__navcache/" + now + "4242_" + now + "_now-3h.png"));
  EXPECT_EQ(graph.desc, "Navigator Graph");
  EXPECT_EQ(graph.epoch_start, "now-3h");
  EXPECT_EQ(graph.epoch_end, now);
  EXPECT_EQ(graph.start_text, "now-3h");
  EXPECT_TRUE(png_size(read_bytes(graph.image.file)).signature);
}

TEST_F(GraphRender, NavigatorTimesWithSlashesStayInsideTheNavcache) {
  // "12/25/2026" is a valid AT-style time and "../.." does not parse, so neither may name a
  // file outside __navcache.
  GraphEnv e = env();
  e.pid = 7;
  RangeGraph graph = GraphMaker(*config_, e).navigator(*host_, "", "12/25/2020", "now", "");
  ASSERT_TRUE(graph.image.ok()) << graph.input_error << graph.image.error;
  const std::string now = std::to_string(now_);
  EXPECT_EQ(graph.image.file, cache("__navcache/" + now + "7_" + now + "_12_25_2020.png"));
  EXPECT_EQ(graph.epoch_start, "12/25/2020");
  EXPECT_TRUE(fs::exists(graph.image.file));

  RangeGraph escape = GraphMaker(*config_, e).navigator(*host_, "", "../../../../tmp/x", "now", "");
  EXPECT_FALSE(escape.input_error.empty());
  EXPECT_FALSE(fs::exists("/tmp/x.png"));
}

TEST_F(GraphRender, NavigatorRemovesNavcacheImagesOlderThanAnHour) {
  const std::string old_file = cache("__navcache/old.png");
  const std::string young_file = cache("__navcache/young.png");
  dir_.write("cache/__navcache/old.png", "x");
  dir_.write("cache/__navcache/young.png", "x");
  struct utimbuf times {};
  times.actime = times.modtime = static_cast<time_t>(now_ - 3700);
  ASSERT_EQ(::utime(old_file.c_str(), &times), 0);
  GraphMaker(*config_, env()).navigator(*host_, "", "now-3h", "now", "");
  EXPECT_FALSE(fs::exists(old_file));
  EXPECT_TRUE(fs::exists(young_file));
}

TEST_F(GraphRender, AjaxAnswersWithTheImageBytesAndLeavesNoFile) {
  RangeGraph graph = GraphMaker(*config_, env())
                         .ajax(*host_, "", std::to_string(now_ - 7200), std::to_string(now_), "");
  ASSERT_TRUE(graph.image.ok()) << graph.image.error;
  EXPECT_EQ(graph.content_type, "image/png");
  const PngSize png = png_size(graph.bytes);
  EXPECT_TRUE(png.signature);
  EXPECT_EQ(png.width, graph.image.width);
  EXPECT_FALSE(fs::exists(graph.image.file));
}

TEST_F(GraphRender, ChartDrawsTheLastHourIntoTheChartsCache) {
  RangeGraph graph = GraphMaker(*config_, env()).chart(*host_);
  ASSERT_TRUE(graph.image.ok()) << graph.image.error;
  EXPECT_EQ(graph.image.file, cache("__chartscache/Local.Host1_last_3600.png"));
  EXPECT_EQ(graph.desc, "Local/Host1");
  EXPECT_TRUE(png_size(read_bytes(graph.image.file)).signature);
}

TEST_F(GraphRender, SvgFormatWritesSvgFiles) {
  std::optional<GraphImage> image = GraphMaker(*config_, env(ImageFormat::svg)).overview(*host_);
  ASSERT_TRUE(image && image->ok());
  EXPECT_EQ(image->file, cache("Local/Host1_mini.svg"));
  EXPECT_EQ(read_bytes(image->file).rfind("<?xml", 0), 0u);
  EXPECT_GT(image->width, 0);
}

TEST_F(GraphRender, ACacheDirectoryThatCannotBeMadeFailsWithTheOriginalsText) {
  dir_.write("cache/Local", "a file where the directory should be");
  try {
    GraphMaker(*config_, env()).overview(*host_);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "ERROR: creating  " + dir_.path("cache") + "/Local: File exists");
  }
}

}  // namespace
}  // namespace smokeping::web
