#include "smokeping/daemon/example_configs.hpp"

#include <string_view>

#include "smokeping/daemon/config_dist.hpp"

namespace smokeping::daemon {

namespace {

// What each example shows: its Probes and Targets sections, each with the comment that
// explains it (written as "# " lines above the section's content).
struct ExamplePart {
  std::string_view name;
  std::string_view probes_doc, probes, targets_doc, targets;
};

constexpr ExamplePart kSimple{
    "simple",
    R"(One probe module, FPing, measures four hosts. Nothing is set for it but the path of
fping: the number of pings and the interval come from the Database section, the rest from
the probe's own defaults.)",
    R"(+ FPing
binary = /usr/bin/fping
)",
    R"(Two sites with two hosts each: a "+" subsection per site holds a "++" subsection per
host. Every host inherits "probe = FPing" from the top of the tree.)",
    R"(probe = FPing

menu = Top
title = Network latency
remark = Round-trip times to the hosts of both sites.

+ siteA
menu = Site A
title = Hosts at site A

++ gateway
host = gw.site-a.example
++ fileserver
host = files.site-a.example

+ siteB
menu = Site B
title = Hosts at site B

++ gateway
host = gw.site-b.example
++ printer
host = printer.site-b.example
)"};

constexpr ExamplePart kMultipleProbes{
    "multiple-probes",
    R"(Three probe modules side by side: FPing for ICMP, DNS for the time a name server takes
to answer, EchoPingHttp for web servers. FPing sends larger packets than its 56-byte
default. The two service probes are lighter on the servers they measure: 5 requests a
round instead of the 20 of the Database section; DNS also runs every 3 minutes instead of
every 5.)",
    R"(+ FPing
binary = /usr/bin/fping
packetsize = 1000

+ DNS
binary = /usr/bin/dig
lookup = www.example
pings = 5
step = 180

+ EchoPingHttp
pings = 5
url = /health
)",
    R"(The tree is split by kind of measurement, but it need not be: any node may name any
probe, and one probe may serve nodes all over the tree.)",
    R"(probe = FPing

menu = Top
title = Network and service latency
remark = ICMP round trips, DNS answers and HTTP responses.

+ icmp
menu = ICMP
title = Round-trip times (ICMP echo)

++ router
host = router.example
++ uplink
host = uplink.example

+ services
menu = Services
title = Service response times

++ dns
probe = DNS
menu = DNS
title = Name server response times

+++ ns1
host = ns1.example
+++ ns2
host = ns2.example

++ web
probe = EchoPingHttp
menu = HTTP
title = Web server response times

+++ www
host = www.example
+++ intranet
host = intranet.example
)"};

constexpr ExamplePart kFpingInstances{
    "fping-instances",
    R"(Two instances of one probe module. FPing itself is not a probe here, because it has
subsections: it only holds what both instances share, the path of fping. FPingSmall uses
the defaults; FPingBig sends 4000-byte packets. The offsets keep the two apart: FPingSmall
starts at the top of every step (10:00, 10:05, ...), FPingBig half a step later (10:02:30,
10:07:30, ...). A probe called FPing would need a subsection of that name.)",
    R"(+ FPing
binary = /usr/bin/fping

++ FPingSmall
offset = 0%

++ FPingBig
packetsize = 4000
offset = 50%
)",
    R"(Each host is measured twice, once per packet size, so the tree is split by host and a
leaf per instance names the probe it uses.)",
    R"(probe = FPingSmall

menu = Top
title = Latency by packet size
remark = Small and large ICMP packets to the same hosts.

+ core
menu = core router
title = core.example

++ small
menu = 56 bytes
title = core.example, 56-byte packets
probe = FPingSmall
host = core.example

++ big
menu = 4000 bytes
title = core.example, 4000-byte packets
probe = FPingBig
host = core.example

+ edge
menu = edge router
title = edge.example

++ small
menu = 56 bytes
title = edge.example, 56-byte packets
probe = FPingSmall
host = edge.example

++ big
menu = 4000 bytes
title = edge.example, 4000-byte packets
probe = FPingBig
host = edge.example
)"};

constexpr ExamplePart kTargetvarsWithCurl{
    "targetvars-with-Curl",
    R"(Probe variables and target variables, shown with the Curl probe. A probe variable
(here binary and step) belongs to the probe and is set only in the Probes section. A
target variable may differ from target to target: a value given in the Probes section is
the default, and any node of the Targets tree may set its own. urlformat is such a target
variable; in it, %host% stands for the host of the target. Each probe's documentation says
which of its variables are of which kind. FPing has no target variables at all: one fping
run measures all its targets together, so they cannot differ.)",
    R"(+ Curl
binary = /usr/bin/curl
step = 60
urlformat = http://%host%/
)",
    R"(Two branches, HTTP and FTP, measure the same two servers. The HTTP branch keeps the
default urlformat except for the server that listens on port 8080; the FTP branch sets its
own for everything below it. A target needs a host even when its urlformat does not use
%host%.)",
    R"(probe = Curl

menu = Top
title = Download latency
remark = Time to fetch a page or a listing with curl.

+ HTTP
menu = HTTP
title = HTTP download latency

++ alpha
menu = alpha
title = HTTP latency of alpha
host = alpha.example

++ beta
menu = beta
title = HTTP latency of beta
host = beta.example

++ gamma
menu = gamma
title = HTTP latency of gamma (port 8080)
host = gamma.example
urlformat = http://%host%:8080/

+ FTP
menu = FTP
title = FTP download latency
urlformat = ftp://%host%/

++ alpha
menu = alpha
title = FTP latency of alpha
host = alpha.example

++ beta
menu = beta
title = FTP latency of beta
host = beta.example
)"};

constexpr ExamplePart kEchoping{
    "echoping",
    R"(The probes of the echoping family, next to FPing. Each measures one service: SMTP, HTTP,
HTTPS, DNS and whois. The original runs echoping (in /usr/bin; set binary in a probe's
section if it is elsewhere); this smokeping measures in-process but checks binary the same
way. EchoPing, EchoPingDiscard and EchoPingChargen (the echo, discard and chargen services)
work alike. EchoPingIcp and EchoPingLDAP are not supported by this smokeping.)",
    R"(+ FPing
binary = /usr/bin/fping

+ EchoPingSmtp
+ EchoPingHttp
+ EchoPingHttps
+ EchoPingDNS
+ EchoPingWhois
)",
    R"(Every server is pinged (FPing, inherited from the top) and one level below measured
with the probe of its service. The web cache is asked over HTTP on its proxy port.)",
    R"(probe = FPing

menu = Top
title = Server latency
remark = Each server by ICMP and by the service it offers.

+ servers
menu = Servers
title = Our servers

++ web
menu = web
title = web.example (ICMP)
host = web.example

+++ http
menu = HTTP
title = web.example (HTTP)
probe = EchoPingHttp
host = web.example

+++ https
menu = HTTPS
title = web.example (HTTPS)
probe = EchoPingHttps
host = web.example

++ proxy
menu = proxy
title = proxy.example (ICMP)
host = proxy.example

+++ http
menu = HTTP
title = proxy.example (HTTP on the proxy port)
probe = EchoPingHttp
host = proxy.example
port = 3128
url = http://www.example/

++ mail
menu = mail
title = mail.example (ICMP)
host = mail.example

+++ smtp
menu = SMTP
title = mail.example (SMTP)
probe = EchoPingSmtp
host = mail.example

++ resolver
menu = resolver
title = ns.example (ICMP)
host = ns.example

+++ dns
menu = DNS
title = ns.example (DNS)
probe = EchoPingDNS
host = ns.example
dns_request = www.example

++ registry
menu = registry
title = whois.example (ICMP)
host = whois.example

+++ whois
menu = whois
title = whois.example (whois)
probe = EchoPingWhois
host = whois.example
whois_request = example.org
)"};

constexpr std::string_view kHeader =
    R"(# Example configuration "{name}", written by `smokeping --gen-examples`.
#
# Every example shares its General, Alerts, Database and Presentation sections with
# config.dist; what it shows is in the Probes and Targets sections below. The host names
# (*.example) resolve nowhere: put your own in their place. The example passed the checks
# of `smokeping --check`, except that the files and directories it names were not looked
# for: they must exist on the machine that runs it.

)";

std::string header(std::string_view name) {
  std::string text(kHeader);
  text.replace(text.find("{name}"), 6, name);
  return text;
}

// config.dist from its first section on: its own opening comment speaks of itself.
std::string_view config_dist_sections() {
  std::string_view dist = generated::kConfigDist;
  if (dist.substr(0, 4) == "*** ") return dist;
  std::size_t first = dist.find("\n*** ");
  return first == std::string_view::npos ? dist : dist.substr(first + 1);
}

// The sections before Probes, which every example shares.
std::string_view common_sections() {
  std::string_view sections = config_dist_sections();
  std::size_t probes = sections.find("\n*** Probes ***");
  return sections.substr(0, probes == std::string_view::npos ? sections.size() : probes + 1);
}

std::string as_comment(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    out += line.empty() ? "#\n" : "# " + std::string(line) + "\n";
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return out;
}

ExampleConfig assemble(const ExamplePart& part) {
  std::string text = header(part.name);
  text += common_sections();
  text += "# The example starts here.\n\n*** Probes ***\n\n";
  text += as_comment(part.probes_doc);
  text += "\n";
  text += part.probes;
  text += "\n*** Targets ***\n\n";
  text += as_comment(part.targets_doc);
  text += "\n";
  text += part.targets;
  return {std::string(part.name), std::move(text)};
}

}  // namespace

std::vector<ExampleConfig> example_configs() {
  std::vector<ExampleConfig> examples;
  for (const ExamplePart* part :
       {&kSimple, &kMultipleProbes, &kFpingInstances, &kTargetvarsWithCurl, &kEchoping}) {
    examples.push_back(assemble(*part));
  }
  examples.push_back({"template", header("template") + std::string(config_dist_sections())});
  return examples;
}

}  // namespace smokeping::daemon
