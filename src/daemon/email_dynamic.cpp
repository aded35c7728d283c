#include "smokeping/daemon/email_dynamic.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <utility>

#include "smokeping/config/load.hpp"
#include "smokeping/daemon/dynamic_host_line.hpp"
#include "smokeping/daemon/smokemail.hpp"
#include "smokeping/protocol/hmac.hpp"
#include "src/daemon/detail/load_or_report.hpp"

namespace smokeping::daemon {

namespace {

// 96 random bits. The original's secret is a number below 10^6, which a client could guess by
// trying; any text works for the CGI, and hex needs no quoting in the agent script.
constexpr std::size_t kSecretBytes = 12;

void collect(const config::RawSection& node, const std::string& path, const std::string& email,
             std::vector<DynamicTarget>& out) {
  for (const auto& child : node.children()) {
    std::string child_path = path.empty() ? child->name() : path + "." + child->name();
    const std::string* own = child->get("email");
    const std::string& child_email = own && !own->empty() ? *own : email;
    const config::RawValue* host = child->find("host");
    // An inherited host (TraceroutePing) is written elsewhere, for another node.
    if (host && host->origin == config::RawValue::Origin::set && host->text == "DYNAMIC") {
      out.push_back({child_path, child_email, host->loc});
    }
    collect(*child, child_path, child_email, out);
  }
}

std::string where(const core::SourceLoc& loc) {
  return fmt::format("{}, line {}", loc.file_name(), loc.line);
}

// The line that holds a target's host: the real file (links and `..` resolved) and the line.
using LineKey = std::pair<std::string, int>;

LineKey line_key(const DynamicTarget& t) {
  std::unique_ptr<char, decltype(&std::free)> real(
      ::realpath(t.host_loc.file_name().c_str(), nullptr), &std::free);
  return {real ? real.get() : t.host_loc.file_name(), t.host_loc.line};
}

bool read_template(const std::string& path, std::string& text, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

// One target: prepare the rewritten file, mail, then put the file in place. True when done.
bool enable_target(const config::Config& config, const std::string& smokemail,
                   const DynamicTarget& target, const EmailDynamicEnv& env, std::ostream& err) {
  std::string secret = env.make_secret();
  std::string digest = protocol::md5_base64(secret);
  auto prepared =
      PendingLineRewrite::prepare(target.host_loc.file_name(), target.host_loc.line, digest);
  if (auto* refusal = std::get_if<PendingLineRewrite::Refusal>(&prepared)) {
    err << "ERROR: " << refusal->reason << "; no smoke-agent sent for " << target.path << "\n";
    return false;
  }
  auto& pending = std::get<PendingLineRewrite>(prepared);
  const config::General& g = config.general;
  std::string message =
      fill_smokemail(smokemail, {target.path, secret, g.cgiurl, g.contact, g.owner, target.email});

  err << "Sending smoke-agent for " << target.path << " to " << target.email << " ... "
      << std::flush;
  alerts::MailDelivery sent = env.send(g.contact, mail_address(target.email), message);
  if (!sent.ok()) {
    err << "FAILED\nERROR: mail to " << target.email << " not sent: " << sent.error << "; "
        << where(target.host_loc) << " left as it was\n";
    return false;
  }
  auto committed = pending.commit();
  if (auto* refusal = std::get_if<PendingLineRewrite::Refusal>(&committed)) {
    err << "FAILED\nERROR: the mail left, but " << refusal->reason << "; write 'host = DYNAMIC/"
        << digest << "' at " << where(target.host_loc) << " by hand\n";
    return false;
  }
  err << "DONE\n";
  return true;
}

}  // namespace

std::vector<DynamicTarget> dynamic_targets(const config::RawSection& targets) {
  std::vector<DynamicTarget> out;
  collect(targets, "", "", out);  // the Targets level itself has no `email`
  return out;
}

int email_dynamic(const config::Config& config, const EmailDynamicEnv& env, std::ostream& err) {
  const config::RawSection* targets = config.raw ? config.raw->child("Targets") : nullptr;
  if (!targets) return 0;
  std::vector<DynamicTarget> all = dynamic_targets(*targets);
  if (all.empty()) return 0;

  std::string smokemail, error;
  if (!read_template(config.general.smokemail, smokemail, error)) {
    err << "ERROR: can't read " << config.general.smokemail << ": " << error << "\n";
    return 1;
  }
  // A file included twice puts one line under two targets; one secret cannot serve both.
  std::map<LineKey, int> uses;
  for (const auto& target : all) ++uses[line_key(target)];
  bool all_done = true;
  for (const auto& target : all) {
    if (target.email.empty()) {
      err << "WARNING: No email address defined for " << target.path << "\n";
      continue;
    }
    if (uses[line_key(target)] > 1) {
      err << "ERROR: " << where(target.host_loc)
          << " is the host line of more than one target (its file is included more than once); "
             "no smoke-agent sent for "
          << target.path << "\n";
      all_done = false;
      continue;
    }
    if (!enable_target(config, smokemail, target, env, err)) all_done = false;
  }
  return all_done ? 0 : 1;
}

int run_email_dynamic(const Options& options, std::ostream& /*out*/, std::ostream& err) {
  std::shared_ptr<const config::Config> config = detail::load_or_report(options.config, err);
  if (!config) return 1;
  alerts::MailSettings mail = alerts::MailSettings::from(config->general);
  EmailDynamicEnv env{
      [&mail](const std::string& from, const std::string& to, const std::string& message) {
        return alerts::deliver_mail(mail, from, {to}, message);
      },
      [] { return protocol::random_hex(kSecretBytes); }};
  return email_dynamic(*config, env, err);
}

}  // namespace smokeping::daemon
