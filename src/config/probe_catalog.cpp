// The probe module catalogue: which modules exist and which variables each accepts.
#include "smokeping/config/probe_catalog.hpp"

#include <algorithm>
#include <iterator>

#include "detail/probe_vars_echoping.hpp"
#include "detail/probe_vars_forked.hpp"
#include "detail/probe_vars_single.hpp"

namespace smokeping::config {

namespace {

using namespace probe_catalog_detail;

// The original's mandatory lists, in its order.
constexpr std::string_view kBinary[] = {"binary"};
constexpr std::string_view kRemoteFPingProbe[] = {"binary", "rhost", "rbinary"};
// `timeout` is a target variable here, yet required in the Probes section: the module drops the
// default so that every FTPtransfer section states its own.
constexpr std::string_view kFTPtransferProbe[] = {"srcfile", "mode", "timeout"};
constexpr std::string_view kSendEmailProbe[] = {"from", "to"};
// Also a target variable that the original requires in the Probes section.
constexpr std::string_view kWebProxyFilterProbe[] = {"deny_re"};
constexpr std::string_view kUrlformat[] = {"urlformat"};
constexpr std::string_view kIoshost[] = {"ioshost"};
constexpr std::string_view kCiscoDnsTarget[] = {"ioshost", "name"};
constexpr std::string_view kPinghost[] = {"pinghost"};
constexpr std::string_view kDnsRequest[] = {"dns_request"};
constexpr std::string_view kUrl[] = {"url"};
constexpr std::string_view kPlugin[] = {"plugin"};
constexpr std::string_view kWhoisRequest[] = {"whois_request"};
constexpr std::string_view kFilter[] = {"filter"};
constexpr std::string_view kEosTarget[] = {"eosuser", "eospass", "source"};
constexpr std::string_view kJunosTarget[] = {"junosuser", "junospass", "source"};
constexpr std::string_view kIosTarget[] = {"iosuser", "iospass", "source"};
constexpr std::string_view kUsername[] = {"username"};
constexpr std::string_view kTracerouteTarget[] = {"desthost", "host"};

// Sorted bytewise by name (the order of spec/config-probe-vars-*.txt), so that lookups can
// bisect; the static_assert below keeps it that way. `passwordchecker` is a base class the
// original still loads under its lower-case name, so configs can use it.
constexpr ProbeModuleSpec kModules[] = {
    {"AnotherCurl", ProbeFamily::forked, kAnotherCurlVars, {}, kUrlformat},
    {"AnotherDNS", ProbeFamily::forked, kAnotherDNSVars},
    {"AnotherSSH", ProbeFamily::forked, kAnotherSSHVars},
    {"CiscoRTTMonDNS", ProbeFamily::forked, kCiscoRTTMonDNSVars, {}, kCiscoDnsTarget},
    {"CiscoRTTMonEchoICMP", ProbeFamily::forked, kCiscoRTTMonEchoICMPVars, {}, kIoshost},
    {"CiscoRTTMonTcpConnect", ProbeFamily::forked, kCiscoRTTMonTcpConnectVars, {}, kIoshost},
    {"Curl", ProbeFamily::forked, kCurlVars, {}, kUrlformat},
    {"DNS", ProbeFamily::forked, kDNSVars, kBinary, {}},
    {"DismanPing", ProbeFamily::single, kDismanPingVars, {}, kPinghost},
    {"EchoPing", ProbeFamily::forked, kEchoPingVars},
    {"EchoPingChargen", ProbeFamily::forked, kEchoPingChargenVars},
    {"EchoPingDNS", ProbeFamily::forked, kEchoPingDNSVars, {}, kDnsRequest},
    {"EchoPingDiscard", ProbeFamily::forked, kEchoPingDiscardVars},
    {"EchoPingHttp", ProbeFamily::forked, kEchoPingHttpVars},
    {"EchoPingHttps", ProbeFamily::forked, kEchoPingHttpsVars},
    {"EchoPingIcp", ProbeFamily::forked, kEchoPingIcpVars, {}, kUrl},
    {"EchoPingLDAP", ProbeFamily::forked, kEchoPingLDAPVars},
    {"EchoPingPlugin", ProbeFamily::forked, kEchoPingPluginVars, {}, kPlugin},
    {"EchoPingSmtp", ProbeFamily::forked, kEchoPingSmtpVars},
    {"EchoPingWhois", ProbeFamily::forked, kEchoPingWhoisVars, {}, kWhoisRequest},
    {"FPing", ProbeFamily::single, kFPingVars, kBinary, {}},
    {"FPing6", ProbeFamily::single, kFPing6Vars, kBinary, {}},
    {"FPingContinuous", ProbeFamily::single, kFPingContinuousVars, kBinary, {}},
    {"FTPtransfer", ProbeFamily::forked, kFTPtransferVars, kFTPtransferProbe, {}},
    {"IOSPing", ProbeFamily::forked, kIOSPingVars, kBinary, kIoshost},
    {"IRTT", ProbeFamily::forked, kIRTTVars, kBinary, {}},
    {"LDAP", ProbeFamily::forked, kLDAPVars, {}, kFilter},
    {"NFSping", ProbeFamily::single, kNFSpingVars, kBinary, {}},
    {"OpenSSHEOSPing", ProbeFamily::forked, kOpenSSHEOSPingVars, {}, kEosTarget},
    {"OpenSSHJunOSPing", ProbeFamily::forked, kOpenSSHJunOSPingVars, {}, kJunosTarget},
    {"Qstat", ProbeFamily::forked, kQstatVars, kBinary, {}},
    {"Radius", ProbeFamily::forked, kRadiusVars, {}, kUsername},
    {"RemoteFPing", ProbeFamily::single, kRemoteFPingVars, kRemoteFPingProbe, {}},
    {"SSH", ProbeFamily::forked, kSSHVars, kBinary, {}},
    {"SendEmail", ProbeFamily::forked, kSendEmailVars, kSendEmailProbe, {}},
    {"SipSak", ProbeFamily::forked, kSipSakVars},
    {"TCPPing", ProbeFamily::forked, kTCPPingVars, kBinary, {}},
    {"TacacsPlus", ProbeFamily::forked, kTacacsPlusVars, {}, kUsername},
    {"TelnetIOSPing", ProbeFamily::forked, kTelnetIOSPingVars, {}, kIosTarget},
    {"TelnetJunOSPing", ProbeFamily::forked, kTelnetJunOSPingVars, {}, kJunosTarget},
    {"TraceroutePing", ProbeFamily::forked, kTraceroutePingVars, kBinary, kTracerouteTarget},
    {"WebProxyFilter", ProbeFamily::forked, kWebProxyFilterVars, kWebProxyFilterProbe, {}},
    {"passwordchecker", ProbeFamily::forked, kPasswordcheckerVars},
};

static_assert(std::ranges::is_sorted(kModules, {}, &ProbeModuleSpec::name));
static_assert(std::ranges::adjacent_find(kModules, {}, &ProbeModuleSpec::name) ==
              std::end(kModules));

constexpr bool lists_name(std::span<const std::string_view> list, std::string_view name) {
  return std::ranges::find(list, name) != list.end();
}

// The flags on the variables and the ordered lists must tell the same story, and every listed
// name must be a variable of the module (target lists: a target variable).
constexpr bool mandatory_lists_agree(const ProbeModuleSpec& m) {
  for (const ProbeVarSpec& v : m.vars) {
    const bool listed = v.kind == ProbeVarKind::probe ? lists_name(m.probe_mandatory, v.name)
                                                      : lists_name(m.target_mandatory, v.name);
    if (v.mandatory != listed) return false;
  }
  const auto has_var = [&m](std::string_view name, bool target_only) {
    return std::ranges::any_of(m.vars, [&](const ProbeVarSpec& v) {
      return v.name == name && (!target_only || v.kind == ProbeVarKind::target);
    });
  };
  return std::ranges::all_of(m.probe_mandatory, [&](auto n) { return has_var(n, false); }) &&
         std::ranges::all_of(m.target_mandatory, [&](auto n) { return has_var(n, true); });
}

static_assert(std::ranges::all_of(kModules, mandatory_lists_agree));

// Every table keeps the listings' order (probe variables, then target variables, each by name),
// whatever a module changed of what it inherited.
static_assert(std::ranges::all_of(kModules, [](const ProbeModuleSpec& m) {
  return std::ranges::adjacent_find(m.vars, [](const ProbeVarSpec& a, const ProbeVarSpec& b) {
           return !listed_before(a, b);
         }) == m.vars.end();
}));

}  // namespace

const ProbeModuleSpec* find_probe_module(std::string_view name) {
  const auto* it = std::ranges::lower_bound(kModules, name, {}, &ProbeModuleSpec::name);
  if (it == std::end(kModules) || it->name != name) return nullptr;
  return &*it;
}

std::span<const ProbeModuleSpec> probe_modules() { return kModules; }

}  // namespace smokeping::config
