// Fuzz target for what the CGI makes of a page request before it draws anything: the CGI
// variables as the web server sets them (request_from_env), the body read within its limit
// (read_body), the form fields (decode_form: query string, urlencoded or multipart), the page
// parameters against a config with slaves, a hierarchy and charts (parse_page_params), the
// tree they open, the navigator's start/end times, and the menu and switcher they fill in.
//
// Input: a raw HTTP request (http_input.hpp), mapped to CGI variables as nginx does it:
// REQUEST_METHOD, QUERY_STRING, CONTENT_TYPE, CONTENT_LENGTH and HTTP_<NAME> for the other
// headers, names and values unchanged (so '=' or odd bytes in a name reach the parser).
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "smokeping/config/config_error.hpp"
#include "smokeping/config/load.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/web/cgi_request.hpp"
#include "smokeping/web/graph_time.hpp"
#include "smokeping/web/http.hpp"
#include "smokeping/web/menu.hpp"
#include "smokeping/web/page_tree.hpp"
#include "smokeping/web/params.hpp"
#include "tests/fuzz/http_input.hpp"

namespace {

using namespace smokeping;

// Two groups of targets, one with slaves and a hierarchy parent, a multihost, two slaves, a
// hierarchy and two charts: everything a page parameter can name.
constexpr std::string_view kConfig = R"(*** General ***
owner = Fuzz
contact = fuzz@localhost
imgcache = /nonexistent/cache
imgurl = img
datadir = /nonexistent/data
piddir = /nonexistent/run
smokemail = /nonexistent/smokemail
cgiurl = http://127.0.0.1/smokeping.cgi

*** Database ***
step = 300
pings = 20
AVERAGE 0.5 1 1008
MAX 0.5 12 4320

*** Presentation ***
template = /nonexistent/basepage.html
+ charts
menu = Charts
title = Charts
++ loss
sorter = Loss(entries=>5)
title = Most loss
menu = Loss
format = Lost %f
++ median
sorter = Median(entries=>5)
title = Slowest
menu = Median
format = Median %f s
+ overview
width = 600
height = 50
range = 10h
+ detail
width = 600
height = 200
"Last 3 Hours" 3h
"Last 10 Days" 10d
+ hierarchies
++ owner
title = Owner

*** Probes ***
+ FPing
binary = /usr/bin/fping

*** Slaves ***
secrets = /nonexistent/secrets
+ boomer
display_name = Boomer
color = 0000ff
+ slave2
display_name = Another
color = 00aa00

*** Targets ***
probe = FPing
menu = Top
title = Top
+ Europe
menu = Europe
title = European sites
++ Zurich
menu = Zurich
title = Zurich office
host = 127.0.0.11
slaves = boomer slave2
parents = owner:/Joe
++ London
menu = London
title = London office
host = 127.0.0.12
parents = owner:/Ann
+ America
menu = America
title = American sites
++ NewYork
menu = New York
title = New York
host = 127.0.0.13
parents = owner:/Joe
++ Multi
menu = Multi
title = Zurich vs. New York
host = /Europe/Zurich /Europe/Zurich~boomer /America/NewYork
)";

std::shared_ptr<const config::Config> load_fixed_config() {
  std::string dir = (std::filesystem::temp_directory_path() / "smokeping-cgi-fuzz.XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) std::abort();
  const std::string path = dir + "/config";
  std::ofstream(path) << kConfig;
  config::LoadOptions options;
  options.env.check_paths = false;
  std::shared_ptr<const config::Config> config;
  try {
    config = config::load_config(path, options);
  } catch (const config::ConfigError& e) {
    std::fprintf(stderr, "cgi_request_fuzz: the built-in config fails: %s\n", e.what());
    std::abort();
  }
  std::filesystem::remove_all(dir);
  return config;
}

// The CGI variables of the request, as "NAME=value" strings.
std::vector<std::string> cgi_variables(const fuzz::HttpInput& in) {
  std::vector<std::string> vars = {
      "REQUEST_METHOD=" + std::string(in.method),
      "QUERY_STRING=" + std::string(in.query),
      "SCRIPT_NAME=" + std::string(in.path),
      "REMOTE_ADDR=127.0.0.1",
  };
  for (const auto& [name, value] : in.headers) {
    std::string upper;
    for (char c : name) upper.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
    if (upper == "CONTENT-TYPE" || upper == "CONTENT-LENGTH") {
      upper[7] = '_';
      vars.push_back(upper + "=" + std::string(value));
    } else {
      vars.push_back("HTTP_" + upper + "=" + std::string(value));
    }
  }
  return vars;
}

void show_page_parts(const web::PageParams& p, const config::Config& config) {
  const web::ViewNode root = p.hierarchy.empty() ? web::targets_view(config, true)
                                                 : web::hierarchy_view(config, p.hierarchy);
  web::ViewPath found = web::resolve_view(root, p.open);
  // A failure names one of the components asked for (which may be empty: "target=.x").
  if (!found.node && std::find(p.open.begin(), p.open.end(), found.missing) == p.open.end())
    std::abort();
  (void)web::render_switcher(config, p);
  (void)web::render_menu(root, p.open, "?target=", p.filter_regex.get());
  constexpr std::int64_t kNow = 1795627740;
  if (p.start) (void)web::parse_datetime(*p.start, kNow);
  if (p.end) (void)web::parse_datetime(*p.end, kNow);
}

void one_input(std::string_view bytes) {
  static const std::shared_ptr<const config::Config> config = load_fixed_config();
  const fuzz::HttpInput in = fuzz::split_http_request(bytes);

  const std::vector<std::string> vars = cgi_variables(in);
  std::vector<const char*> envp;
  for (const std::string& var : vars) envp.push_back(var.c_str());
  envp.push_back(nullptr);
  web::Request request = web::request_from_env(envp.data());

  std::string_view unread = in.body;
  auto reader = [&](char* buffer, std::size_t size) {
    std::size_t n = std::min(size, unread.size());
    if (n == 0) return n;  // unread.data() may be null: no memcpy from it
    std::memcpy(buffer, unread.data(), n);
    unread.remove_prefix(n);
    return n;
  };
  constexpr std::size_t kBodyLimit = 4096;  // small, so that inputs reach the truncation
  if (web::read_body(request, reader, kBodyLimit, 2 * kBodyLimit) == web::BodyRead::bad_length) {
    (void)web::bad_length_response(request.var("CONTENT_LENGTH"));
    return;
  }
  if (request.body.size() > kBodyLimit) std::abort();

  protocol::FormResult form =
      protocol::decode_form({request.var("REQUEST_METHOD"), request.var("CONTENT_TYPE"),
                             request.var("QUERY_STRING"), request.body},
                            kBodyLimit);
  if (form.error != protocol::FormError::none || protocol::is_slave_request(form.form)) return;

  web::ParamsResult parsed = web::parse_page_params(form.form, *config);
  if (parsed.status != web::ParamStatus::ok) {
    if (parsed.message.empty()) std::abort();  // every refusal says why
    return;
  }
  show_page_parts(parsed.params, *config);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  one_input(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
