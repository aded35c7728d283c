// `?slavestatus` as an HTML page: drawn as the pages' view=slavestatus, so the shipped
// templates come back with every placeholder filled; and its refusals.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "tests/unit/web/page_test_support.hpp"

namespace smokeping::web {
namespace {

std::string shipped_template(const std::string& name) {
  std::ifstream in(std::string(SMOKEPING_SOURCE_DIR) + "/etc/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct SlaveStatusPageTest : ::testing::Test {
  smokeping::test::TempConfig dir;
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "web", std::make_shared<spdlog::sinks::ostream_sink_st>(out));

  // A master with one slave (or none) whose page template is `template_name` in the temp dir.
  std::shared_ptr<const config::Config> site(const std::string& template_name, bool with_slaves) {
    std::string head =
        dir.general() + smokeping::test::TempConfig::database() + dir.presentation() + dir.probes();
    const std::string classic = dir.path("basepage.html");
    head.replace(head.find(classic), classic.size(), dir.path(template_name));
    std::string slaves = with_slaves ? "*** Slaves ***\nsecrets = " + dir.path("secrets") +
                                           "\n+ boomer\ndisplay_name = boomer\ncolor = ff0000\n"
                                     : "";
    std::string file =
        dir.write("etc/config", head + slaves + smokeping::test::TempConfig::targets_top() +
                                    "+ Local\nmenu = L\ntitle = L\n++ t1\nmenu = t1\ntitle = t1\n"
                                    "host = 127.0.0.1\n" +
                                    (with_slaves ? "slaves = boomer\n" : ""));
    return smokeping::test::load(file);
  }

  Response get(const config::Config& config, const std::string& query,
               const protocol::FormFields& form) {
    Request request;
    request.env = {{"REQUEST_METHOD", "GET"}, {"QUERY_STRING", query}};
    test::FakeGraphs graphs(config, 1795600000);
    return serve_page(PageInput{config, request, form, 1795600000}, graphs, *log);
  }
};

TEST_F(SlaveStatusPageTest, ClassicTemplateHasNoPlaceholderLeft) {
  dir.write("basepage.html", shipped_template("basepage.html.dist"));
  auto config = site("basepage.html", true);
  Response r = get(*config, "slavestatus", {});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("data-slave=\"boomer\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("Slave status"), std::string::npos);
  EXPECT_EQ(r.body.find("<##"), std::string::npos) << r.body;
}

TEST_F(SlaveStatusPageTest, ModernTemplateHasNoPlaceholderLeft) {
  dir.write("basepage-modern.html", shipped_template("basepage-modern.html.dist"));
  auto config = site("basepage-modern.html", true);
  Response r = get(*config, "slavestatus", {{{"slavestatus", ""}}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("data-slave=\"boomer\""), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("<##"), std::string::npos) << r.body;
}

TEST_F(SlaveStatusPageTest, IsRefusedWithoutASlavesSection) {
  auto config = site("basepage.html", false);
  Response html = get(*config, "slavestatus", {});
  EXPECT_EQ(html.status, 404);
  EXPECT_NE(html.body.find("no *** Slaves *** section"), std::string::npos) << html.body;
  Response json =
      get(*config, "slavestatus&format=json", {{{"slavestatus", ""}, {"format", "json"}}});
  EXPECT_EQ(json.status, 404);
  EXPECT_EQ(json.header("Content-Type"), "application/json");
  EXPECT_NE(json.body.find("{\"error\":"), std::string::npos) << json.body;
  EXPECT_NE(out.str().find("no *** Slaves *** section status=404"), std::string::npos);
}

TEST_F(SlaveStatusPageTest, OtherParametersAreRefusedBeforeThePage) {
  dir.write("basepage.html", shipped_template("basepage.html.dist"));
  auto config = site("basepage.html", true);
  Response r =
      get(*config, "slavestatus&target=Local.t1", {{{"slavestatus", ""}, {"target", "Local.t1"}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("unknown parameter target"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace smokeping::web
