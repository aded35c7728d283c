#include "smokeping/daemon/cli.hpp"

#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>

#include "smokeping/config/load.hpp"
#include "smokeping/core/build_info.hpp"
#include "smokeping/daemon/email_dynamic.hpp"
#include "smokeping/daemon/gen_examples.hpp"
#include "smokeping/daemon/man_page.hpp"
#include "smokeping/daemon/master.hpp"
#include "smokeping/daemon/options.hpp"
#include "smokeping/daemon/slave.hpp"
#include "smokeping/daemon/slave_options.hpp"
#include "smokeping/daemon/static_pages.hpp"

namespace smokeping::daemon {

namespace {

constexpr int kExitConfigError = 1;
constexpr int kExitUsage = 2;

// Control bytes from a broken config would garble the terminal; show them as \xNN.
std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

int check_config(const Options& options, std::ostream& out, std::ostream& err) {
  try {
    config::LoadOptions load;
    config::load_config(options.config, load);
    out << config::check_success_text(options.config) << "\n";
    return 0;
  } catch (const config::ConfigError& e) {
    err << "ERROR: " << printable(e.located()) << "\n";
    return kExitConfigError;
  }
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::string program = argc > 0 ? argv[0] : "smokeping";
  Options options;
  try {
    options = parse_command_line(argc, argv);
  } catch (const UsageError& e) {
    err << "ERROR: " << e.what() << "\n\n" << usage_text(program);
    return kExitUsage;
  }

  if (options.version) {
    out << "smokeping " << core::kVersion << " (compatible with SmokePing " << core::kCompatVersion
        << ")\n";
    return 0;
  }
  if (options.help) {
    out << usage_text(program);
    return 0;
  }
  if (options.man) return show_man_page(*options.man, out, err);
  if (options.makepod) return print_man_source(*options.makepod, out, err);
  if (options.gen_examples) return generate_examples(*options.gen_examples, out, err);
  apply_environment(options, [](const char* name) { return std::getenv(name); });
  if (options.slave_mode()) return run_slave(options, out, err);
  if (options.check) return check_config(options, out, err);
  for (const char* name :
       {"cache-dir", "shared-secret", "slave-name", "pid-dir", "ca-file", "client-cert",
        "client-key", "follow-redirects", "max-cache-age", "max-cache-size"}) {
    if (options.has(name)) {
      err << "ERROR: --" << name << " only applies to a slave (with --master-url)\n";
      return kExitUsage;
    }
  }
  if (options.reload) return signal_running_master(options, out, err);
  if (options.static_pages) return write_static_pages(options, out, err);
  if (options.email) return run_email_dynamic(options, out, err);
  if (options.restart) {
    if (int status = signal_running_master(options, out, err); status != 0) return status;
  }
  return run_master(options, out, err);
}

}  // namespace smokeping::daemon
