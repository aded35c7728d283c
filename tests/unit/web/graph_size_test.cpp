// Our images have the size the original's have: the reference data set's config (and its
// variant with titles inside the images and the loss background), drawn by GraphMaker on RRD
// files of the same layout, against the sizes RRDs::graph returned in the reference logs.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <filesystem>

#include "smokeping/store/rrd_store.hpp"
#include "smokeping/web/graphs.hpp"
#include "tests/unit/web/graph_test_support.hpp"

namespace smokeping::web {
namespace {

using Sizes = std::map<std::string, std::pair<int, int>>;  // image below the cache -> w, h

// The size of every overview, classic and chart image in the logs of `names`.
Sizes logged_sizes(const std::vector<std::string>& names) {
  Sizes sizes;
  for (const auto& name : names) {
    auto text = smokeping::test::read_file(test::reference_web_dir() + "/rrds-calls/" + name);
    if (!text) continue;
    for (const auto& call : test::parse_rrds_log(*text)) {
      if (call.function != "graph" || call.failed) continue;
      std::size_t i = 0;
      while (i < call.args.size() && call.args[i].rfind("--", 0) == 0) ++i;
      const std::string& file = call.args.at(i);
      if (file == "dummy" || file.find("__navcache") != std::string::npos) continue;
      sizes[file.substr(file.find('/', 7) + 1)] = {call.width, call.height};
    }
  }
  return sizes;
}

// Empty files in the original's layout for every host and slave, and Home's .adr.
void make_files(const config::Config& config) {
  store::RrdStore store(
      std::make_shared<spdlog::logger>("store", std::make_shared<spdlog::sinks::null_sink_st>()));
  const std::int64_t now = std::time(nullptr);
  config.for_each_host([&](const config::TargetNode& node) {
    std::vector<std::string> who{""};
    who.insert(who.end(), node.slaves.begin(), node.slaves.end());
    for (const auto& s : who)
      ASSERT_EQ(store.prepare(store::rrd_spec(config, node, s), now), std::nullopt);
  });
}

void check_sizes(test::ReferenceConfig& ref, const Sizes& expected) {
  const config::Config& config = ref.config();
  make_files(config);
  ref.dir().write("data/Europe/Home.adr", "127.0.0.1\n");
  std::filesystem::create_directories(config.general.imgcache);  // the CGI never makes it
  GraphEnv env;
  env.now = std::time(nullptr);
  env.hostname = "unused";
  GraphMaker maker(config, env);
  Sizes ours;
  auto keep = [&](const GraphImage& image) {
    ASSERT_TRUE(image.ok()) << image.file << ": " << image.error;
    ours[image.file.substr(config.general.imgcache.size() + 1)] = {image.width, image.height};
  };
  std::function<void(const config::TargetNode&)> walk = [&](const config::TargetNode& node) {
    if (node.has_host() || node.kind == config::TargetNode::Kind::multihost) {
      if (auto image = maker.overview(node)) keep(*image);
      for (const auto& panel : maker.detail(node)) keep(panel.image);
      if (node.has_host()) keep(maker.chart(node).image);
    }
    for (const auto& child : node.children) walk(child);
  };
  walk(config.targets);
  int compared = 0;
  for (const auto& [file, size] : expected) {
    auto it = ours.find(file);
    if (it == ours.end()) {
      ADD_FAILURE() << "not drawn: " << file;
      continue;
    }
    EXPECT_EQ(it->second, size) << file;
    ++compared;
  }
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(static_cast<std::size_t>(compared), expected.size());
}

TEST(GraphSize, ImagesHaveTheOriginalsSize) {
  test::ReferenceConfig ref;
  if (!ref.ok()) GTEST_SKIP() << "reference data set not found";
  check_sizes(ref, logged_sizes({"group-Europe.log", "group-America.log", "detail-Zurich.log",
                                 "detail-Home-uptime.log", "detail-London.log",
                                 "detail-NewYork.log", "detail-Lossy.log", "multihost-Multi.log",
                                 "charts.log", "charts-loss.log"}));
}

TEST(GraphSize, VariantImagesWithTitlesHaveTheOriginalsSize) {
  test::ReferenceConfig ref("smokeping-config-variant.txt");
  if (!ref.ok()) GTEST_SKIP() << "reference data set not found";
  check_sizes(ref, logged_sizes({"detail-Zurich-variant.log", "detail-Lossy-variant.log"}));
}

}  // namespace
}  // namespace smokeping::web
