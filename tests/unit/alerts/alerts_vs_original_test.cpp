// Every case of original_cases.txt, replayed through our engine, must give the decisions the
// original's own alert code gave (original_decisions.txt, from regen_original_decisions.pl):
// per round, what was sent ("was raised", "was cleared", "is active" or nothing) and the
// alert's prevmatch count afterwards.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <map>
#include <sstream>

#include "smokeping/alerts/engine.hpp"
#include "tests/support/shared_files.hpp"

namespace smokeping::alerts {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, sep)) out.push_back(item);
  return out;
}

std::map<std::string, std::vector<std::string>> read_lines(const std::string& file) {
  std::map<std::string, std::vector<std::string>> out;
  auto text = test::read_file(std::string(SMOKEPING_SOURCE_DIR) + "/tests/unit/alerts/" + file);
  if (!text) return out;
  for (const auto& line : split(*text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    auto fields = split(line, '|');
    out[fields[0]] = fields;
  }
  return out;
}

std::shared_ptr<spdlog::logger> quiet() {
  return std::make_shared<spdlog::logger>("alerts",
                                          std::make_shared<spdlog::sinks::null_sink_mt>());
}

struct CaseSetup {
  config::Config config;
  config::TargetNode node;
};

CaseSetup setup_for(const std::vector<std::string>& c) {
  CaseSetup s;
  s.config.general.datadir = "/data";
  s.config.general.cgiurl = "http://127.0.0.1/smokeping.cgi";
  config::Alert alert;
  alert.name = c[1];
  alert.pattern = c[3];
  alert.comment = "c";
  alert.edgetrigger = c[4] == "yes";
  alert.type = c[2] == "loss"  ? config::AlertType::loss
               : c[2] == "rtt" ? config::AlertType::rtt
                               : config::AlertType::matcher;
  if (alert.type == config::AlertType::matcher) {
    alert.matcher = config::parse_matcher(alert.name, alert.pattern);
  } else {
    alert.classic = config::parse_classic_pattern(alert.name, alert.type, alert.pattern);
  }
  s.config.alerts = config::Alerts{};
  s.config.alerts->alerts.push_back(alert);
  s.node.name = "T";
  s.node.path = {"T"};
  s.node.kind = config::TargetNode::Kind::host;
  s.node.host = "127.0.0.1";
  s.node.pings = std::stoi(c[5]);
  s.node.step = 300;
  s.node.alerts = {alert.name};
  return s;
}

TEST(AlertsVsOriginal, EveryCaseDecidesAsTheOriginalDid) {
  auto cases = read_lines("original_cases.txt");
  auto decisions = read_lines("original_decisions.txt");
  ASSERT_GE(cases.size(), 25u);
  ASSERT_EQ(cases.size(), decisions.size()) << "regenerate original_decisions.txt";
  for (const auto& [name, c] : cases) {
    SCOPED_TRACE("case " + name + ": " + c[3]);
    ASSERT_EQ(c.size(), 7u);
    ASSERT_TRUE(decisions.count(name));
    CaseSetup s = setup_for(c);
    Engine engine(quiet(), false);
    std::vector<std::string> ours;
    std::int64_t t = 1000;
    for (const auto& round : split(c[6], ' ')) {
      auto fields = split(round, ':');
      Observation row{"", t += 300, fields[0], fields[1]};
      auto events = engine.observe(s.config, s.node, std::span(&row, 1), t);
      std::string what = events.empty() ? "-" : events.front().what;
      ours.push_back(what + "=" + std::to_string(engine.state("T", "")->prevmatch.at(c[1])));
    }
    EXPECT_EQ(ours, split(decisions.at(name)[1], ','));
  }
}

}  // namespace
}  // namespace smokeping::alerts
