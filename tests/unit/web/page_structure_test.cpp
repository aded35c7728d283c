// Our pages against the original's (shared/reference/web/html): for the same config and the
// same requests, the same menu entries (classes, links, texts), titles, panel headings, image
// sources and sizes, links and forms. The graphs are a fake that names the images as the
// original does; the HTML around them is what is compared, element by element, not byte by
// byte (our text is HTML-escaped, the original's is not).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>

#include "smokeping/protocol/storable.hpp"
#include "tests/unit/web/page_test_support.hpp"

namespace smokeping::web::test {
namespace {

namespace storable = protocol::storable;

struct Capture {
  std::string query;
  std::map<std::string, std::string> headers;
  std::string html;
};

std::optional<Capture> read_capture(const std::string& name) {
  auto txt = smokeping::test::read_file(reference_dir() + "/html/" + name + ".txt");
  auto html = smokeping::test::read_file(reference_dir() + "/html/" + name + ".html");
  if (!txt || !html) return std::nullopt;
  Capture c;
  c.html = *html;
  std::istringstream lines(*txt);
  std::string line;
  bool in_headers = false;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("# QUERY_STRING=")) c.query = line.substr(15);
    if (line == "# headers:") in_headers = true;
    if (line == "# stderr:") in_headers = false;
    std::size_t colon = line.find(": ");
    if (in_headers && colon != std::string::npos && !line.starts_with("#"))
      c.headers[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return c;
}

std::int64_t date_of(const std::string& http_date) {
  std::tm tm{};
  ::strptime(http_date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return ::timegm(&tm);
}

// The sorter cache the reference run used (rrd/sortercache-dump.txt), as a Storable file.
std::string sorter_cache_bytes() {
  auto dump = smokeping::test::read_file(reference_dir() + "/rrd/sortercache-dump.txt");
  if (!dump) return "";
  std::vector<std::pair<std::string, storable::Value>> charts;
  std::regex chart_line(R"(^\s*'(\w+)' => \{)"),
      entry_line(R"(^\s*'([^']+)' => '?([-0-9.e]+)'?,?)");
  std::istringstream lines(*dump);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line)) {
    if (std::regex_search(line, m, chart_line)) {
      charts.emplace_back(m[1], storable::Value::hash_of({}));
    } else if (!charts.empty() && std::regex_search(line, m, entry_line)) {
      charts.back().second.entries.emplace_back(m[1], storable::Value::scalar_of(m[2]));
    }
  }
  return storable::write_network(storable::Value::hash_of(std::move(charts)));
}

void write_sorter_cache(ReferenceSite& site, std::int64_t mtime) {
  std::string path =
      site.dir().write("data/__sortercache/data.FPing.storable", sorter_cache_bytes());
  struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
  ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

std::vector<std::string> normalized(std::vector<std::string> items) {
  static const std::regex navcache("__navcache/[0-9]+_");
  for (auto& item : items) item = std::regex_replace(item, navcache, "__navcache/N_");
  return items;
}

// The Charts pages' order is random in the original (a Perl hash), and so is the order of
// equal values: compare their panels as sets, without the rank numbers.
std::vector<std::string> panels_as_set(const std::vector<std::string>& items) {
  static const std::regex rank("text=[0-9]+\\. ");
  std::vector<std::string> head, chunks;
  for (const auto& item : items) {
    std::string line = std::regex_replace(item, rank, "text=N. ");
    if (item == "div class=panel") chunks.emplace_back();
    if (chunks.empty() || item == "div class=details") {
      head.push_back(line);
    } else {
      chunks.back() += line + "\n";
    }
  }
  std::sort(chunks.begin(), chunks.end());
  head.insert(head.end(), chunks.begin(), chunks.end());
  return head;
}

std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += i + "\n";
  return out;
}

struct Case {
  const char* name;
  int status;
  bool charts = false;
  const char* config = "smokeping-config.txt";
};

class PageStructure : public ::testing::TestWithParam<Case> {};

TEST_P(PageStructure, SameElementsAsTheOriginal) {
  const Case& c = GetParam();
  std::optional<Capture> capture = read_capture(c.name);
  ReferenceSite site(c.config);
  if (!capture || !site.ok()) GTEST_SKIP() << "reference material not found";
  const std::int64_t now = date_of(capture->headers["Date"]);
  write_sorter_cache(site, now);
  FakeGraphs graphs(site.config(), now);
  Served served = serve(site.config(), graphs, reference_request(capture->query), now);

  EXPECT_EQ(served.response.status, c.status) << served.log_text();
  EXPECT_EQ(served.response.header("Date"), capture->headers["Date"]);
  EXPECT_EQ(served.response.header("Expires"), capture->headers["Expires"]);
  EXPECT_EQ(served.response.header("Content-Type"), capture->headers["Content-Type"]);
  EXPECT_EQ(served.response.header("Content-length"), std::to_string(served.response.body.size()));

  std::vector<std::string> ours = normalized(page_structure(served.response.body));
  std::vector<std::string> theirs = normalized(page_structure(capture->html));
  ASSERT_FALSE(theirs.empty());
  if (c.charts) {
    ours = panels_as_set(ours);
    theirs = panels_as_set(theirs);
  }
  EXPECT_EQ(lines(ours), lines(theirs));
}

INSTANTIATE_TEST_SUITE_P(
    Reference, PageStructure,
    ::testing::Values(Case{"root", 200}, Case{"group-Europe", 200}, Case{"group-America", 200},
                      Case{"detail-Zurich", 200}, Case{"detail-London", 200},
                      Case{"detail-NewYork", 200}, Case{"detail-Lossy", 200},
                      Case{"detail-Home-uptime", 200}, Case{"multihost-Multi", 200},
                      Case{"navigator-London", 200}, Case{"navigator-Zurich-boomer", 200},
                      Case{"navigator-Zurich-relative", 200}, Case{"charts", 200, true},
                      Case{"charts-loss", 200, true}, Case{"charts-nosuch", 404, true},
                      Case{"hierarchy-owner", 200}, Case{"hierarchy-owner-Joe", 200},
                      Case{"hierarchy-owner-Joe-Zurich", 200}, Case{"filter-on", 200},
                      Case{"dotdot-target", 200}, Case{"err-bad-displaymode", 400},
                      Case{"err-bad-time", 400},
                      Case{"detail-Zurich-variant", 200, false, "smokeping-config-variant.txt"},
                      Case{"detail-Lossy-variant", 200, false, "smokeping-config-variant.txt"}),
    [](const auto& info) {
      std::string name = info.param.name;
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

}  // namespace
}  // namespace smokeping::web::test
