#include "smokeping/sched/dynamic_hosts.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "smokeping/core/ip_literal.hpp"
#include "smokeping/core/snmp_ident.hpp"

namespace smokeping::sched {
namespace {

constexpr std::size_t kMaxLine = 4096;  // an address or an SNMP identity is far shorter

// The first line of `file` without its newline; nullopt when it cannot be read.
std::optional<std::string> first_line(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string line(kMaxLine, '\0');
  in.read(line.data(), static_cast<std::streamsize>(line.size()));
  line.resize(static_cast<std::size_t>(in.gcount()));
  return line.substr(0, line.find('\n'));
}

}  // namespace

std::string dynamic_file_base(const config::General& general, const config::TargetNode& node) {
  const std::string& dyndir = general.dyndir.empty() ? general.datadir : general.dyndir;
  return dyndir + "/" + node.rel_path();
}

std::optional<std::string> reported_address(const config::General& general,
                                            const config::TargetNode& node, const SnmpCheck& snmp) {
  const std::string base = dynamic_file_base(general, node);
  std::optional<std::string> address = first_line(base + ".adr");
  if (!address || !core::is_ip_literal(*address)) return std::nullopt;
  if (std::optional<std::string> ident = first_line(base + ".snmp"); ident && !ident->empty()) {
    if (core::snmp_ident({*address, snmp.port, snmp.timeout, 1}) != *ident) return std::nullopt;
  }
  return address;
}

std::optional<std::int64_t> address_age(const config::General& general,
                                        const config::TargetNode& node, std::int64_t now) {
  struct stat st {};
  const std::string file = dynamic_file_base(general, node) + ".adr";
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return now - static_cast<std::int64_t>(st.st_mtime);
}

void complete_dynamic_round(const config::Config& config, const std::string& probe,
                            const TargetFilter& filter,
                            std::vector<results::Measurement>& measurements, std::int64_t now) {
  config.for_each_host([&](const config::TargetNode& node) {
    if (node.kind != config::TargetNode::Kind::dynamic || !node.probe ||
        node.probe->name != probe || node.nomasterpoll || !filter.admits(node.rel_path())) {
      return;
    }
    const std::string target = node.rel_path();
    auto it = std::find_if(measurements.begin(), measurements.end(),
                           [&](const results::Measurement& m) { return m.target == target; });
    if (it == measurements.end()) {
      measurements.push_back(results::Measurement{target, now, node.pings, {}, std::nullopt});
    } else {
      it->uptime = address_age(config.general, node, now);
    }
  });
}

}  // namespace smokeping::sched
