#include "smokeping/web/dynamic_update.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "smokeping/core/ip_literal.hpp"
#include "smokeping/core/snmp_ident.hpp"
#include "smokeping/protocol/hmac.hpp"
#include "smokeping/web/html.hpp"
#include "src/web/detail/dynamic_files.hpp"

namespace smokeping::web {
namespace {

constexpr std::string_view kBadCharacters = "<>%&'\";";
constexpr std::size_t kMaxLoggedText = 300;  // a target may be megabytes long

bool perl_true(const std::string* value) { return value && !value->empty() && *value != "0"; }

// Perl's split /\./: empty parts stay, except at the end.
std::vector<std::string> split_dots(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = text.find('.', start);
    parts.emplace_back(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

const config::TargetNode* child_named(const config::TargetNode& node, const std::string& name) {
  auto it = std::find_if(node.children.begin(), node.children.end(),
                         [&](const config::TargetNode& c) { return c.name == name; });
  return it == node.children.end() ? nullptr : &*it;
}

std::string_view loggable(std::string_view text) { return text.substr(0, kMaxLoggedText); }

Response refused(std::string_view target, const std::string& error, spdlog::logger& log) {
  // The original's words on stderr and in the body; the target for whoever reads the log.
  log.warn("Updating DYNAMIC address failed: {} target={}", loggable(error), loggable(target));
  return Response{404,
                  {{"Content-Type", "text/html; charset=ISO-8859-1"}},
                  "<p>Updating DYNAMIC address failed: " + html_escape(error) + "</p>\n"};
}

}  // namespace

bool is_dynamic_update(const protocol::FormFields& form) {
  return perl_true(form.find("secret")) && perl_true(form.find("target"));
}

DynamicTarget find_dynamic_target(const config::Config& config, std::string_view target,
                                  std::string_view secret) {
  DynamicTarget result;
  const config::TargetNode* node = &config.targets;
  for (std::string part : split_dots(target)) {
    std::replace_if(
        part.begin(), part.end(),
        [](char c) { return kBadCharacters.find(c) != std::string_view::npos; }, '_');
    // Section names are [-_0-9a-zA-Z]+, so "", "..", "a/b" and "x~slave" never match a child.
    node = child_named(*node, part);
    if (!node) {
      result.error = "Error: Unknown target " + part;
      result.path.clear();
      return result;
    }
    result.path.push_back(std::move(part));
  }
  const std::string expected = "DYNAMIC/" + protocol::md5_base64(secret);
  if (result.path.empty() || !protocol::constant_time_equal(node->host, expected)) {
    result.error = "Error: Invalid target or secret";
    result.path.clear();
    return result;
  }
  result.node = node;
  return result;
}

Response answer_dynamic_update(const DynamicUpdate& update, spdlog::logger& log) {
  DynamicTarget found = find_dynamic_target(update.config, update.target, update.secret);
  if (!found.node) return refused(update.target, found.error, log);
  if (!core::is_ip_literal(update.remote_addr)) {
    return refused(
        update.target,
        "Error: client address is not an IP address: " + std::string(loggable(update.remote_addr)),
        log);
  }
  const config::General& general = update.config.general;
  const std::string& dyndir = general.dyndir.empty() ? general.datadir : general.dyndir;
  detail::DynamicBase base = detail::make_dynamic_dirs(dyndir, found.path);
  if (!base.error.empty()) return refused(update.target, base.error, log);
  const std::optional<std::string> ident =
      core::snmp_ident({std::string(update.remote_addr), update.snmp_port, update.snmp_timeout, 1});
  detail::AddressWrite write = detail::record_address(base.base, update.remote_addr);
  if (!write.error.empty()) return refused(update.target, write.error, log);
  const std::string snmp_error =
      ident ? detail::record_snmp(base.base, *ident) : detail::forget_snmp(base.base);
  if (!snmp_error.empty()) return refused(update.target, snmp_error, log);
  log.info("DYNAMIC address updated target={} address={} changed={} snmp={}",
           found.node->rel_path(), update.remote_addr, write.changed ? "yes" : "no",
           ident ? "yes" : "no");
  return Response{200, {{"Content-Type", "text/html; charset=ISO-8859-1"}}, ""};
}

}  // namespace smokeping::web
