// Where the graphs' data and images live (web-and-rrd.md §1.1, §2.6, §2.7, §2.10), and the
// probe words they show (§3.1).
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>

#include "smokeping/web/graph_args.hpp"
#include "src/web/detail/graph_pieces.hpp"

namespace smokeping::web {

namespace {

// "/Europe" for Europe/Zurich: the parents, each after a slash, as the original's $dir.
std::string slash_dirs(const config::TargetNode& node) {
  std::string dir;
  for (std::size_t i = 0; i + 1 < node.path.size(); ++i) dir += "/" + node.path[i];
  return dir;
}

ImagePlace place(const config::Config& config, const std::string& rel) {
  return {config.general.imgcache + rel, config.general.imgurl + rel};
}

// A request value that becomes part of a file name: "/" would reach out of the cache directory
// (AT-style times such as "12/25/2026" are valid), so it becomes "_". The original would have
// failed to write such a file anyway.
std::string file_part(std::string_view value) {
  std::string out(value);
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

std::string packetsize_or(const config::ProbeInstance& probe, std::string_view fallback) {
  const std::string* size = probe.var("packetsize");
  return size && !size->empty() ? *size : std::string(fallback);
}

std::string var_or_empty(const config::ProbeInstance& probe, const std::string& key) {
  const std::string* v = probe.var(key);
  return v ? *v : std::string();
}

// FTPtransfer describes the size of the file it moves ("-s" of a missing file is undef: 0).
std::string ftp_desc(const config::ProbeInstance& probe) {
  std::string src = var_or_empty(probe, "srcfile");
  std::string dest = var_or_empty(probe, "destfile");
  if (dest.empty())
    dest = src.substr(src.find_last_of('/') == std::string::npos ? 0 : src.find_last_of('/') + 1);
  const std::string& file = var_or_empty(probe, "mode") == "get" ? dest : src;
  struct stat st {};
  double size = ::stat(file.c_str(), &st) == 0 ? static_cast<double>(st.st_size) : 0;
  return fmt::format("FTP File transfers ({:.0f} KB)", size / 1024);
}

}  // namespace

std::string node_rrd(const config::Config& config, const config::TargetNode& node,
                     std::string_view slave) {
  std::string s = slave.empty() ? "" : "~" + std::string(slave);
  return config.general.datadir + slash_dirs(node) + "/" + node.name + s + ".rrd";
}

ImagePlace overview_image(const config::Config& config, const config::TargetNode& node,
                          ImageFormat format) {
  return place(config, fmt::format("{}/{}_mini.{}", slash_dirs(node), node.name,
                                   detail::image_extension(format)));
}

ImagePlace classic_image(const config::Config& config, const config::TargetNode& node,
                         std::string_view slave, std::string_view seconds, ImageFormat format) {
  // "/" + join("/", dirs) + "/": a node at the top gets a double slash, as in the original.
  std::string s = slave.empty() ? "" : "~" + std::string(slave);
  return place(config, fmt::format("/{}/{}{}_last_{}.{}", detail::parent_dirs(node, '/'), node.name,
                                   s, seconds, detail::image_extension(format)));
}

ImagePlace navigator_image(const config::Config& config, std::string_view prefix,
                           std::string_view end, std::string_view start, ImageFormat format) {
  return place(config, fmt::format("/__navcache/{}_{}_{}.{}", file_part(prefix), file_part(end),
                                   file_part(start), detail::image_extension(format)));
}

ImagePlace chart_image(const config::Config& config, const config::TargetNode& node,
                       ImageFormat format) {
  return place(config,
               fmt::format("/__chartscache/{}.{}_last_3600.{}", detail::parent_dirs(node, '.'),
                           node.name, detail::image_extension(format)));
}

std::string probe_desc(const config::ProbeInstance& probe) {
  const std::string_view module = probe.module ? probe.module->name : std::string_view();
  struct Fixed {
    std::string_view module, desc;
  };
  static constexpr Fixed kFixed[] = {
      {"AnotherCurl", "URLs using curl(1)"},
      {"AnotherDNS", "DNS requests"},
      {"AnotherSSH", "SSH connections"},
      {"CiscoRTTMonDNS", "CiscoRTTMonDNS.pm"},
      {"CiscoRTTMonEchoICMP", "CiscoRTTMonEchoICMP"},
      {"CiscoRTTMonTcpConnect", "CiscoRTTMonTcpConnect"},
      {"Curl", "URLs using curl(1)"},
      {"DNS", "DNS requests"},
      {"EchoPing", "TCP or UDP Echo pings using echoping(1)"},
      {"EchoPingChargen", "TCP Chargen pings using echoping(1)"},
      {"EchoPingDNS", "DNS pings using the echoping_dns plugin"},
      {"EchoPingDiscard", "TCP or UDP Discard pings using echoping(1)"},
      {"EchoPingHttp", "HTTP pings using echoping(1)"},
      {"EchoPingHttps", "HTTPS pings using echoping(1)"},
      {"EchoPingIcp", "ICP pings using echoping(1)"},
      {"EchoPingLDAP", "LDAP pings using the echoping_ldap plugin"},
      {"EchoPingPlugin", "Pings using an echoping(1) plugin"},
      {"EchoPingSmtp", "SMTP pings using echoping(1)"},
      {"EchoPingWhois", "whois pings using the echoping_whois plugin"},
      {"IRTT", "IRTT round-trips"},
      {"LDAP", "LDAP queries"},
      {"NFSping", "NFSping"},
      {"Radius", "RADIUS queries"},
      {"SSH", "SSH requests"},
      {"SendEmail", "Measure time to send a complete email"},
      {"SipSak", "SIP OPTIONS messages"},
      {"TCPPing", "TCP Pings"},
      {"TacacsPlus", "TacacsPlus Authentication Attempts"},
      {"TraceroutePing", "Traceroute (UDP + TTL)  Pings"},
      {"WebProxyFilter", "HTTP GETs"},
  };
  for (const Fixed& f : kFixed)
    if (f.module == module) return std::string(f.desc);
  if (module == "FPing" || module == "FPingContinuous")
    return fmt::format("ICMP Echo Pings ({} Bytes)", packetsize_or(probe, "56"));
  if (module == "FPing6")
    return fmt::format("IPv6-ICMP Echo Pings ({} Bytes)", packetsize_or(probe, "56"));
  if (module == "RemoteFPing")
    return fmt::format("Remote ICMP Echo Pings ({} Bytes)", packetsize_or(probe, "56"));
  if (module == "DismanPing")
    return fmt::format("DISMAN ICMP Echo Pings ({} Bytes)", packetsize_or(probe, "56"));
  if (module == "IOSPing")
    return fmt::format("Cisco IOS - ICMP Echo Pings ({} Bytes)", packetsize_or(probe, ""));
  if (module == "TelnetIOSPing")
    return fmt::format("InfoAve Cisco IOS - ICMP Echo Pings ({} Bytes)", packetsize_or(probe, ""));
  if (module == "TelnetJunOSPing")
    return fmt::format("InfoAve Juniper JunOS - ICMP Echo Pings ({} Bytes)",
                       packetsize_or(probe, ""));
  if (module == "OpenSSHEOSPing")
    return fmt::format("Arista EOS - ICMP Echo Pings ({} Bytes)", packetsize_or(probe, ""));
  if (module == "OpenSSHJunOSPing") {
    // The original replaces (rather than extends) its text when tos is set.
    if (const std::string* tos = probe.var("tos")) return fmt::format(" tos {})", *tos);
    return fmt::format("Juniper JunOS - ICMP Echo Pings ({} Bytes)", packetsize_or(probe, ""));
  }
  if (module == "Qstat") {
    std::string game = var_or_empty(probe, "game");
    return fmt::format("Game server {} pings", game.empty() ? "q3s" : game);
  }
  if (module == "FTPtransfer") return ftp_desc(probe);
  return "Probe which does not override the ProbeDesc method";
}

std::string probe_unit(const config::ProbeInstance&) { return "Seconds"; }

std::vector<std::string> multihost_paths(const config::TargetNode& node) {
  std::vector<std::string> paths;
  std::string_view host = node.host;
  while (!host.empty()) {
    std::size_t begin = host.find_first_not_of(" \t\r\n\f");
    if (begin == std::string_view::npos) break;
    host.remove_prefix(begin);
    std::size_t end = host.find_first_of(" \t\r\n\f");
    paths.emplace_back(host.substr(0, end));
    if (end == std::string_view::npos) break;
    host.remove_prefix(end);
  }
  return paths;
}

MultihostTarget multihost_target(const config::Config& config, std::string_view path) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  // split /\//, dropping the empty field before the leading slash.
  while (at <= path.size()) {
    std::size_t slash = path.find('/', at);
    std::string_view part =
        path.substr(at, slash == std::string_view::npos ? path.npos : slash - at);
    parts.emplace_back(part);
    if (slash == std::string_view::npos) break;
    at = slash + 1;
  }
  if (!parts.empty()) parts.erase(parts.begin());
  MultihostTarget target;
  if (parts.empty()) return target;
  std::string& last = parts.back();
  if (std::size_t tilde = last.find('~'); tilde != std::string::npos) {
    target.slave = last.substr(tilde + 1);
    last.resize(tilde);
  }
  target.node = config.find_target(parts);
  return target;
}

std::string multihost_rrd(const config::Config& config, std::string_view path) {
  return config.general.datadir + std::string(path) + ".rrd";
}

}  // namespace smokeping::web
