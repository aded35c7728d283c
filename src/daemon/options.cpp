#include "smokeping/daemon/options.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <sstream>

#include "smokeping/core/build_info.hpp"
#include "src/daemon/detail/original_abbreviations.hpp"

namespace smokeping::daemon {

namespace po = boost::program_options;

namespace {

po::options_description describe() {
  static const std::string config_help =
      std::string("config file to use (default ") + core::kDefaultConfig + ")";
  po::options_description d("Options");
  // clang-format off
  d.add_options()
    ("config", po::value<std::string>()->value_name("FILE"), config_help.c_str())
    ("check", "check the config file (grammar and load-time checks) and exit")
    ("debug", "one round in the foreground with debug output, then exit")
    ("debug-daemon", "run as a daemon with debug logging")
    ("nodaemon", "stay in the foreground; no pid file, no syslog")
    ("nodemon", "same as --nodaemon")
    ("logfile", po::value<std::string>()->value_name("FILE"), "append log lines to FILE")
    ("nosleep", "do not wait between rounds")
    ("filter", po::value<std::vector<std::string>>()->composing()->value_name("RX"),
     "probe only targets whose path matches ^RX (!RX excludes); repeatable")
    ("reload", "make the running daemon reread its config (SIGHUP) and exit")
    ("restart", "stop the running daemon, then start a new one")
    ("static-pages", po::value<std::string>()->implicit_value("")->value_name("DIR"),
     "write the web pages and their graphs as files into DIR (default: pagedir) and exit")
    ("email",
     "mail each `host = DYNAMIC` target's owner an agent with a new secret, record the secret's "
     "digest in the config (host = DYNAMIC/<md5>) and exit")
    ("master-url", po::value<std::string>()->value_name("URL"),
     "run as a slave of the master CGI at URL")
    ("cache-dir", po::value<std::string>()->value_name("DIR"),
     "slave: where results wait until the master took them")
    ("shared-secret", po::value<std::string>()->value_name("FILE"),
     "slave: file holding the secret shared with the master")
    ("slave-name", po::value<std::string>()->value_name("NAME"),
     "slave: name announced to the master (default: the host name)")
    ("pid-dir", po::value<std::string>()->value_name("DIR"),
     "slave: directory of the pid file (default: the cache dir)")
    ("ca-file", po::value<std::string>()->value_name("FILE"),
     "slave: trust the CAs in FILE (PEM) for an https master instead of the system's")
    ("client-cert", po::value<std::string>()->value_name("FILE"),
     "slave: present this TLS client certificate (PEM) to the master")
    ("client-key", po::value<std::string>()->value_name("FILE"),
     "slave: the key of --client-cert, when it is not in that file")
    ("follow-redirects", "slave: re-post to where the master redirects (never https to http)")
    ("max-cache-age", po::value<std::string>()->value_name("AGE"),
     "slave: drop unsent results older than AGE (seconds, or 90m, 12h, 7d; default 7d)")
    ("max-cache-size", po::value<std::string>()->value_name("SIZE"),
     "slave: keep at most SIZE of unsent results (bytes, or 500K, 64M, 1G; default 64M)")
    ("user", po::value<std::string>()->value_name("NAME"),
     "started as root: run as NAME, keeping only the capability ICMP needs (CAP_NET_RAW)")
    ("rrdcached", po::value<std::string>()->value_name("ADDRESS"),
     "write RRD updates through rrdcached at ADDRESS (as RRDCACHED_ADDRESS does)")
    ("version", "print the version and exit")
    ("help", "print this help and exit")
    ("man", po::value<std::string>()->implicit_value("")->value_name("PAGE"),
     "show the manual page and exit")
    ("makepod", po::value<std::string>()->implicit_value("")->value_name("PAGE"),
     "print the source (roff) of a manual page and exit; default smokeping_config")
    ("gen-examples", po::value<std::string>()->implicit_value("")->value_name("DIR"),
     "write the example configs (config.simple, ...) to DIR (default ./examples), check "
     "each, and exit");
  // clang-format on
  return d;
}

}  // namespace

bool Options::has(const std::string& name) const {
  return std::find(given.begin(), given.end(), name) != given.end();
}

Options parse_command_line(int argc, const char* const* argv) {
  po::options_description d = describe();
  po::variables_map vm;
  po::parsed_options parsed(&d);
  try {
    int style = po::command_line_style::unix_style | po::command_line_style::allow_long_disguise |
                po::command_line_style::long_case_insensitive;
    style &= ~po::command_line_style::allow_short;
    std::vector<detail::OurOption> ours;
    for (const auto& option : d.options()) {
      ours.push_back({option->long_name(), option->semantic()->min_tokens() > 0});
    }
    std::vector<std::string> args =
        detail::expand_original_abbreviations({argv + std::min(argc, 1), argv + argc}, ours);
    parsed = po::command_line_parser(args).options(d).style(style).run();
    po::store(parsed, vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }

  Options o;
  for (const auto& option : parsed.options) {
    std::string name = option.string_key == "nodemon" ? "nodaemon" : option.string_key;
    if (option.unregistered || option.position_key >= 0) {
      throw UsageError("unexpected argument '" +
                       (option.original_tokens.empty() ? name : option.original_tokens.front()) +
                       "'");
    }
    if (!o.has(name)) o.given.push_back(name);
  }
  auto text = [&](const char* key, std::optional<std::string>& out) {
    if (vm.count(key)) out = vm[key].as<std::string>();
  };
  o.config = vm.count("config") ? vm["config"].as<std::string>() : core::kDefaultConfig;
  o.check = vm.count("check");
  o.debug = vm.count("debug");
  o.debug_daemon = vm.count("debug-daemon");
  o.nodaemon = vm.count("nodaemon") || vm.count("nodemon");
  o.nosleep = vm.count("nosleep");
  o.reload = vm.count("reload");
  o.restart = vm.count("restart");
  o.email = vm.count("email");
  o.version = vm.count("version");
  o.help = vm.count("help");
  text("logfile", o.logfile);
  text("static-pages", o.static_pages);
  text("man", o.man);
  text("makepod", o.makepod);
  text("gen-examples", o.gen_examples);
  text("master-url", o.master_url);
  text("cache-dir", o.cache_dir);
  text("shared-secret", o.shared_secret);
  text("slave-name", o.slave_name);
  text("pid-dir", o.pid_dir);
  text("ca-file", o.ca_file);
  text("client-cert", o.client_cert);
  text("client-key", o.client_key);
  text("max-cache-age", o.max_cache_age);
  text("max-cache-size", o.max_cache_size);
  o.follow_redirects = vm.count("follow-redirects");
  text("user", o.user);
  text("rrdcached", o.rrdcached);
  if (vm.count("filter")) o.filters = vm["filter"].as<std::vector<std::string>>();
  return o;
}

std::string usage_text(const std::string& program) {
  std::ostringstream out;
  out << "Usage: " << program << " [OPTIONS]\n"
      << "       " << program
      << " --master-url=URL --shared-secret=FILE --cache-dir=DIR [--slave-name=NAME]\n\n"
      << "SmokePing latency monitor (master, or slave with --master-url).\n\n"
      << describe()
      << "\nA slave takes its settings from the environment too, the flag winning:\n"
         "  SMOKEPING_MASTER_URL, SMOKEPING_SHARED_SECRET (the file), SMOKEPING_SLAVE_NAME,\n"
         "  SMOKEPING_CACHE_DIR, SMOKEPING_PID_DIR. SMOKEPING_MASTER_URL alone selects slave "
         "mode.\n"
         "The master also reads RRDCACHED_ADDRESS and SMOKEPING_INFLUX_QUEUE_LINES (points the\n"
         "InfluxDB export may queue, default 100000).\n"
         "Manual pages: smokeping --man [smokeping|smokeping.cgi|smokeping_config|"
         "smokeping_slave]\n";
  return out.str();
}

}  // namespace smokeping::daemon
