#include "smokeping/config/probe_catalog.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace smokeping::config {
namespace {

const ProbeModuleSpec& module(std::string_view name) {
  const ProbeModuleSpec* m = find_probe_module(name);
  if (m == nullptr) throw std::runtime_error("no module " + std::string(name));
  return *m;
}

const ProbeVarSpec* find_var(const ProbeModuleSpec& m, std::string_view name) {
  for (const ProbeVarSpec& v : m.vars) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

const ProbeVarSpec& var(std::string_view module_name, std::string_view name) {
  const ProbeVarSpec* v = find_var(module(module_name), name);
  if (v == nullptr) throw std::runtime_error("no variable " + std::string(name));
  return *v;
}

// Applies a pattern the way the original does: glued between ^ and $.
bool pattern_accepts(std::string_view re, const std::string& value) {
  return std::regex_search(value, std::regex("^" + std::string(re) + "$"));
}

std::optional<std::string> run_check(std::string_view module_name, std::string_view name,
                                     std::string_view value, CheckEnv env = {}) {
  const ProbeVarSpec& v = var(module_name, name);
  if (v.check == nullptr) throw std::runtime_error("no check on " + std::string(name));
  return v.check(value, env);
}

constexpr std::string_view kAllModules[] = {
    "AnotherCurl",
    "AnotherDNS",
    "AnotherSSH",
    "CiscoRTTMonDNS",
    "CiscoRTTMonEchoICMP",
    "CiscoRTTMonTcpConnect",
    "Curl",
    "DNS",
    "DismanPing",
    "EchoPing",
    "EchoPingChargen",
    "EchoPingDNS",
    "EchoPingDiscard",
    "EchoPingHttp",
    "EchoPingHttps",
    "EchoPingIcp",
    "EchoPingLDAP",
    "EchoPingPlugin",
    "EchoPingSmtp",
    "EchoPingWhois",
    "FPing",
    "FPing6",
    "FPingContinuous",
    "FTPtransfer",
    "IOSPing",
    "IRTT",
    "LDAP",
    "NFSping",
    "OpenSSHEOSPing",
    "OpenSSHJunOSPing",
    "Qstat",
    "Radius",
    "RemoteFPing",
    "SSH",
    "SendEmail",
    "SipSak",
    "TCPPing",
    "TacacsPlus",
    "TelnetIOSPing",
    "TelnetJunOSPing",
    "TraceroutePing",
    "WebProxyFilter",
    "passwordchecker",
};

TEST(ProbeCatalog, FindsEveryModuleOfTheOriginal) {
  for (std::string_view name : kAllModules) {
    const ProbeModuleSpec* m = find_probe_module(name);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->name, name);
  }
  EXPECT_EQ(probe_modules().size(), std::size(kAllModules));
}

TEST(ProbeCatalog, LookupIsCaseSensitiveAndKnowsNoBaseClasses) {
  for (std::string_view name :
       {"fping", "FPING", "Fping", "curl", "PasswordChecker", "base", "basefork", "basevars",
        "skel", "", "FPing ", "Telnet-IOS", "Foo"}) {
    EXPECT_EQ(find_probe_module(name), nullptr) << name;
  }
}

TEST(ProbeCatalog, FamiliesFollowWherePingsLives) {
  EXPECT_EQ(module("FPing").family, ProbeFamily::single);
  EXPECT_EQ(module("DismanPing").family, ProbeFamily::single);
  EXPECT_EQ(module("Curl").family, ProbeFamily::forked);
  EXPECT_EQ(module("passwordchecker").family, ProbeFamily::forked);
  for (const ProbeModuleSpec& m : probe_modules()) {
    const ProbeVarSpec* pings = find_var(m, "pings");
    ASSERT_NE(pings, nullptr) << m.name;
    const ProbeVarKind expected =
        m.family == ProbeFamily::single ? ProbeVarKind::probe : ProbeVarKind::target;
    EXPECT_EQ(pings->kind, expected) << m.name;
  }
}

std::vector<std::string_view> as_vector(std::span<const std::string_view> list) {
  return {list.begin(), list.end()};
}

TEST(ProbeCatalog, MandatoryListsKeepTheOriginalsOrder) {
  using Names = std::vector<std::string_view>;
  EXPECT_EQ(as_vector(module("FPing").probe_mandatory), Names{"binary"});
  EXPECT_EQ(as_vector(module("FPing").target_mandatory), Names{});
  EXPECT_EQ(as_vector(module("RemoteFPing").probe_mandatory),
            (Names{"binary", "rhost", "rbinary"}));
  EXPECT_EQ(as_vector(module("Curl").probe_mandatory), Names{});
  EXPECT_EQ(as_vector(module("Curl").target_mandatory), Names{"urlformat"});
  EXPECT_EQ(as_vector(module("OpenSSHEOSPing").target_mandatory),
            (Names{"eosuser", "eospass", "source"}));
  EXPECT_EQ(as_vector(module("TraceroutePing").target_mandatory), (Names{"desthost", "host"}));
  EXPECT_EQ(as_vector(module("EchoPingLDAP").target_mandatory), Names{});
}

// The listings of the spec miss these: the original requires them in the Probes section even
// though they are target variables (checked with Debian's smokeping --check).
TEST(ProbeCatalog, SomeTargetVariablesAreRequiredInTheProbesSection) {
  using Names = std::vector<std::string_view>;
  EXPECT_EQ(as_vector(module("FTPtransfer").probe_mandatory),
            (Names{"srcfile", "mode", "timeout"}));
  EXPECT_EQ(var("FTPtransfer", "timeout").kind, ProbeVarKind::target);
  EXPECT_FALSE(var("FTPtransfer", "timeout").mandatory);
  EXPECT_EQ(as_vector(module("WebProxyFilter").probe_mandatory), Names{"deny_re"});
  EXPECT_EQ(var("WebProxyFilter", "deny_re").kind, ProbeVarKind::target);
  EXPECT_FALSE(var("WebProxyFilter", "deny_re").mandatory);
}

TEST(ProbeCatalog, FPingHasMandatoryBinaryAndOnlyInfluxTargets) {
  const ProbeVarSpec& binary = var("FPing", "binary");
  EXPECT_EQ(binary.kind, ProbeVarKind::probe);
  EXPECT_TRUE(binary.mandatory);
  EXPECT_NE(binary.check, nullptr);
  std::vector<std::string_view> targets;
  for (const ProbeVarSpec& v : module("FPing").vars) {
    if (v.kind == ProbeVarKind::target) targets.push_back(v.name);
  }
  EXPECT_EQ(targets, std::vector<std::string_view>{"/influx_.+/"});
  EXPECT_EQ(var("FPing", "/influx_.+/").since, Since::v2_9_only);
  EXPECT_EQ(var("FPing", "fwmark").since, Since::v2_9_only);
  EXPECT_EQ(var("FPing", "mininterval").default_value, "0.01");
}

TEST(ProbeCatalog, ProtocolDefaultsKeep273ForFPingAndSixForFPing6) {
  EXPECT_EQ(var("FPing", "protocol").default_value, "4");
  EXPECT_EQ(var("RemoteFPing", "protocol").default_value, "4");
  EXPECT_EQ(var("FPing6", "protocol").default_value, "6");
  EXPECT_EQ(var("FPing6", "sourceaddress").re, "[0-9A-Fa-f:.]+");
}

TEST(ProbeCatalog, CurlNeedsUrlformatPerTargetAndHasTargetTimeout) {
  const ProbeVarSpec& url = var("Curl", "urlformat");
  EXPECT_EQ(url.kind, ProbeVarKind::target);
  EXPECT_TRUE(url.mandatory);
  const ProbeVarSpec& timeout = var("Curl", "timeout");
  EXPECT_EQ(timeout.kind, ProbeVarKind::target);
  EXPECT_EQ(timeout.default_value, "10");
  EXPECT_EQ(var("Curl", "binary").default_value, "/usr/bin/curl");
  EXPECT_EQ(var("Curl", "expect").default_value, "");  // present, but empty
  EXPECT_EQ(var("Curl", "extrare").default_value, "/ /");
}

TEST(ProbeCatalog, DnsBinaryIsMandatory) {
  EXPECT_TRUE(var("DNS", "binary").mandatory);
  EXPECT_EQ(var("DNS", "binary").kind, ProbeVarKind::probe);
  EXPECT_EQ(var("DNS", "lookup").kind, ProbeVarKind::target);
}

TEST(ProbeCatalog, EchoPingHttpDropsUdpFillSizeAndWaitsLonger) {
  const ProbeModuleSpec& http = module("EchoPingHttp");
  for (std::string_view gone : {"udp", "fill", "size"}) {
    EXPECT_EQ(find_var(http, gone), nullptr) << gone;
    EXPECT_NE(find_var(module("EchoPing"), gone), nullptr) << gone;
  }
  EXPECT_EQ(var("EchoPingHttp", "timeout").default_value, "10");
  EXPECT_EQ(var("EchoPing", "timeout").default_value, "5");
  EXPECT_EQ(var("EchoPingHttp", "url").default_value, "/");
  EXPECT_EQ(find_var(http, "prot"), nullptr);
  EXPECT_EQ(var("EchoPingHttps", "prot").default_value, "443");
}

TEST(ProbeCatalog, SshKeytypeAcceptsBothVersionsValues) {
  const ProbeVarSpec& keytype = var("SSH", "keytype");
  EXPECT_EQ(keytype.default_value, "rsa");
  for (const char* ok : {"rsa", "dsa", "esa", "csa", "rs", "rsaa", "ecdsa", "ed25519"}) {
    EXPECT_TRUE(pattern_accepts(keytype.re, ok)) << ok;
  }
  for (const char* bad : {"", "ed448", "rsax", "xrsa", "ecdsa1", "RSA", "sa"}) {
    EXPECT_FALSE(pattern_accepts(keytype.re, bad)) << bad;
  }
  EXPECT_EQ(var("SSH", "init_host").since, Since::v2_9_only);
  EXPECT_EQ(var("SSH", "ssh_af").since, Since::v2_9_only);
}

TEST(ProbeCatalog, HalfAnchoredPatternsStayAsTheOriginalWroteThem) {
  EXPECT_EQ(var("FPing", "tos").re, R"(\d+|0x[0-9a-zA-Z]+)");
  EXPECT_TRUE(pattern_accepts(var("FPing", "tos").re, "5abc"));
  EXPECT_EQ(var("SipSak", "keep_second").re, "yes|no");
  EXPECT_TRUE(pattern_accepts(var("SipSak", "keep_second").re, "yesterday"));
  EXPECT_EQ(var("IRTT", "ipversion").re, "^(4|6)$");
}

TEST(ProbeCatalog, OffsetCarriesItsOwnMessageAndNothingElseDoes) {
  for (const ProbeModuleSpec& m : probe_modules()) {
    for (const ProbeVarSpec& v : m.vars) {
      if (v.name == "offset") {
        EXPECT_EQ(v.re_error, "Use offset either in % of operation interval or 'random'");
      } else {
        EXPECT_TRUE(v.re_error.empty()) << m.name << " " << v.name;
      }
    }
  }
}

TEST(ProbeCatalog, EveryPatternCompiles) {
  for (const ProbeModuleSpec& m : probe_modules()) {
    for (const ProbeVarSpec& v : m.vars) {
      EXPECT_NO_THROW(std::regex("^" + std::string(v.re) + "$")) << m.name << " " << v.name;
    }
  }
}

TEST(ProbeCatalogChecks, PingsMustBeAtLeastThree) {
  EXPECT_EQ(run_check("DNS", "pings", "2"), "ERROR: The pings value must be at least 3.");
  EXPECT_EQ(run_check("FPing", "pings", "2"), "ERROR: The pings value must be at least 3.");
  EXPECT_EQ(run_check("DNS", "pings", "3"), std::nullopt);
  EXPECT_EQ(run_check("DismanPing", "pings", "16"),
            "ERROR: for DismanPing, pings must be between 1 and 15.");
  EXPECT_EQ(run_check("DismanPing", "pings", "2"), std::nullopt);
}

TEST(ProbeCatalogChecks, TcpPingPortRange) {
  EXPECT_EQ(run_check("TCPPing", "port", "70000"),
            "ERROR: TCPPing port must be between 0 and 65535");
  EXPECT_EQ(run_check("TCPPing", "port", "-1"), "ERROR: TCPPing port must be between 0 and 65535");
  for (const char* ok : {"", "0", "80", "65535", "http"}) {
    EXPECT_EQ(run_check("TCPPing", "port", ok), std::nullopt) << ok;
  }
}

TEST(ProbeCatalogChecks, PacketSizeRanges) {
  EXPECT_EQ(run_check("FPing", "packetsize", "11"),
            "ERROR: FPing packetsize must be between 12 and 64000");
  EXPECT_EQ(run_check("FPing6", "packetsize", "64001"),
            "ERROR: FPing packetsize must be between 12 and 64000");
  EXPECT_EQ(run_check("FPing", "packetsize", "12"), std::nullopt);
  EXPECT_EQ(run_check("TelnetIOSPing", "packetsize", "70000"),
            "ERROR: packetsize must be between 12 and 64000");
  EXPECT_EQ(run_check("CiscoRTTMonEchoICMP", "packetsize", "16393"),
            "ERROR: packetsize must be between 8 and 16392");
  EXPECT_EQ(run_check("DismanPing", "packetsize", "7"),
            "ERROR: packetsize must be between 8 and 65507");
  EXPECT_EQ(run_check("FPing", "fwmark", "0"),
            "ERROR: FPing fwmark must be between 1 and 4294967295");
  EXPECT_EQ(run_check("FPing", "fwmark", "4294967295"), std::nullopt);
}

TEST(ProbeCatalogChecks, TextShapes) {
  const std::string agent_error =
      "The Curl 'agent' string does not need any quotes around it anymore.";
  EXPECT_EQ(run_check("Curl", "agent", "\"Mozilla\""), agent_error);
  EXPECT_EQ(run_check("AnotherCurl", "agent", "Mozilla'"), agent_error);
  EXPECT_EQ(run_check("Curl", "agent", "User-Agent: Lynx"), std::nullopt);
  EXPECT_EQ(run_check("Curl", "extrare", "/ /"), std::nullopt);
  EXPECT_EQ(run_check("Curl", "extrare", "/"),
            "extrare should be specified in the /regexp/ notation");
  EXPECT_EQ(run_check("AnotherSSH", "interval", "complete"), std::nullopt);
  EXPECT_EQ(run_check("AnotherSSH", "interval", "later"), "ERROR: Invalid interval parameter");
  EXPECT_EQ(run_check("OpenSSHJunOSPing", "tos", "256"), "ERROR: tos must be 0-255");
  EXPECT_EQ(run_check("OpenSSHJunOSPing", "tos", "0"), std::nullopt);
  EXPECT_EQ(run_check("Qstat", "sourceport", "9943-9923"),
            "ERROR: Qstat invalid source port range");
  EXPECT_EQ(run_check("Qstat", "sourceport", "9923-9943"), std::nullopt);
  EXPECT_EQ(run_check("TraceroutePing", "host", "anything"), std::nullopt);
}

TEST(ProbeCatalogChecks, ExecutablesAreTestedOnlyWhenAsked) {
  const std::string missing = "/nonexistent/smokeping-test/fping";
  EXPECT_EQ(run_check("FPing", "binary", missing),
            "ERROR: FPing 'binary' does not point to an executable");
  EXPECT_EQ(run_check("TCPPing", "binary", missing),
            "ERROR: TCPPing 'binary' does not point to an executable");
  EXPECT_EQ(run_check("Curl", "binary", missing),
            "ERROR: Curl 'binary' " + missing + " does not point to an executable");
  EXPECT_EQ(run_check("EchoPing", "binary", missing),
            "ERROR: binary '" + missing + "' is not executable");
  EXPECT_EQ(run_check("TraceroutePing", "binaryv6", missing),
            "ERROR: IPv6 traceroute '" + missing + "' does not point to an executable");

  const CheckEnv no_paths{.check_paths = false};
  EXPECT_EQ(run_check("FPing", "binary", missing, no_paths), std::nullopt);
  EXPECT_EQ(run_check("DNS", "binary", missing, no_paths), std::nullopt);
  EXPECT_EQ(run_check("Radius", "secretfile", missing, no_paths), std::nullopt);

  // The original skips only some of them in CGI mode.
  const CheckEnv cgi{.check_paths = true, .cgi_mode = true};
  EXPECT_EQ(run_check("FPing", "binary", missing, cgi), std::nullopt);
  EXPECT_EQ(run_check("NFSping", "binary", missing, cgi), std::nullopt);
  EXPECT_EQ(run_check("LDAP", "passwordfile", missing, cgi), std::nullopt);
  EXPECT_EQ(run_check("DNS", "binary", missing, cgi),
            "ERROR: DNS 'binary' does not point to an executable");
  EXPECT_EQ(run_check("Radius", "secretfile", missing, cgi),
            "ERROR: secret file " + missing + " is not readable.");
}

TEST(ProbeCatalogChecks, ExecutableFileVersusExecuteBit) {
  if (::access("/bin/sh", X_OK) != 0) GTEST_SKIP() << "no /bin/sh";
  EXPECT_EQ(run_check("FPing", "binary", "/bin/sh"), std::nullopt);
  EXPECT_EQ(run_check("SSH", "binary", "/bin/sh"), std::nullopt);
  // A directory is not a file, but it has the execute bit the original's bare `-x` asks for.
  EXPECT_EQ(run_check("FPing", "binary", "/"),
            "ERROR: FPing 'binary' does not point to an executable");
  EXPECT_EQ(run_check("SSH", "binary", "/"), std::nullopt);
}

// ---- Exact comparison with the per-version variable listings of the spec ----

struct TxtVar {
  std::string kind;  // "probe" or "target"
  bool mandatory = false;
  std::optional<std::string> default_value;
  std::string re;  // "" for none
  bool sub = false;
};
using TxtModules = std::map<std::string, std::map<std::string, TxtVar>>;

std::optional<std::filesystem::path> spec_dir() {
  std::vector<std::filesystem::path> candidates;
  if (const char* env = std::getenv("SMOKEPING_SPEC_DIR")) {
    candidates.emplace_back(env);
  } else {
    // The spec sits beside the repository, whose root is four levels above this file.
#ifdef SMOKEPING_SOURCE_DIR
    candidates.push_back(std::filesystem::path(SMOKEPING_SOURCE_DIR) / "../shared/spec");
#endif
    candidates.push_back(std::filesystem::path(__FILE__).parent_path() / "../../../../shared/spec");
    candidates.emplace_back("../shared/spec");
  }
  for (const auto& dir : candidates) {
    if (std::filesystem::exists(dir / "config-probe-vars-2.9.0.txt") &&
        std::filesystem::exists(dir / "config-probe-vars-2.7.3.txt")) {
      return dir;
    }
  }
  return std::nullopt;
}

// Lines look like `  target timeout   optional default='10' re=\d+ sub=no`.
TxtModules parse_txt(const std::filesystem::path& file, std::vector<std::string>* order) {
  TxtModules mods;
  std::ifstream in(file);
  std::string line;
  std::map<std::string, TxtVar>* cur = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      std::string name = line.substr(3, line.find(' ', 3) - 3);
      if (order != nullptr) order->push_back(name);
      cur = &mods[name];
      continue;
    }
    if (line.rfind("  ", 0) != 0 || cur == nullptr) continue;
    std::istringstream fields(line);
    std::string kind, name, mandatory;
    fields >> kind >> name >> mandatory;
    const auto d = line.find(" default=");
    const auto r = line.rfind(" re=");
    const auto s = line.rfind(" sub=");
    TxtVar v;
    v.kind = kind;
    v.mandatory = mandatory == "MANDATORY";
    std::string dflt = line.substr(d + 9, r - d - 9);
    if (dflt != "-") v.default_value = dflt.substr(1, dflt.size() - 2);  // strip '...'
    v.re = line.substr(r + 4, s - r - 4);
    if (v.re == "-") v.re.clear();
    v.sub = line.substr(s + 5) == "yes";
    if (name == "/^influx_.+/") name = "/influx_.+/";  // the catalog's spelling of the pattern
    (*cur)[name] = v;
  }
  return mods;
}

TEST(ProbeCatalogSpec, MatchesTheUnionOfBothVersionListings) {
  const auto dir = spec_dir();
  if (!dir) GTEST_SKIP() << "spec directory not found; set SMOKEPING_SPEC_DIR";
  std::vector<std::string> order;
  const TxtModules v273 = parse_txt(*dir / "config-probe-vars-2.7.3.txt", nullptr);
  const TxtModules v290 = parse_txt(*dir / "config-probe-vars-2.9.0.txt", &order);
  ASSERT_EQ(v290.size(), 43u);
  ASSERT_EQ(v273.size(), v290.size());

  // The catalog lists the modules in the listings' order.
  std::vector<std::string> ours;
  for (const ProbeModuleSpec& m : probe_modules()) ours.emplace_back(m.name);
  EXPECT_EQ(ours, order);

  // Where the versions disagree, these are the catalog's documented choices.
  const std::set<std::pair<std::string, std::string>> default_choices = {
      {"FPing", "protocol"}, {"RemoteFPing", "protocol"}};
  const std::set<std::pair<std::string, std::string>> pattern_unions = {{"SSH", "keytype"}};
  std::set<std::pair<std::string, std::string>> default_disagreements, pattern_disagreements;

  for (const std::string& mod_name : order) {
    SCOPED_TRACE(mod_name);
    const ProbeModuleSpec* m = find_probe_module(mod_name);
    ASSERT_NE(m, nullptr);
    const auto& old_vars = v273.at(mod_name);
    const auto& new_vars = v290.at(mod_name);

    // Expected order: probe variables, then target variables, each sorted by name.
    std::vector<std::pair<std::string, std::string>> expected;  // (kind, name)
    for (const auto* vars : {&old_vars, &new_vars}) {
      for (const auto& [name, v] : *vars) expected.emplace_back(v.kind, name);
    }
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    std::vector<std::pair<std::string, std::string>> actual;
    for (const ProbeVarSpec& v : m->vars) {
      actual.emplace_back(v.kind == ProbeVarKind::probe ? "probe" : "target", std::string(v.name));
    }
    EXPECT_EQ(actual, expected);

    for (const ProbeVarSpec& v : m->vars) {
      const std::string name(v.name);
      SCOPED_TRACE(name);
      const auto o = old_vars.find(name);
      const auto n = new_vars.find(name);
      const bool in_old = o != old_vars.end();
      const bool in_new = n != new_vars.end();
      ASSERT_TRUE(in_old || in_new);
      EXPECT_EQ(v.since, in_old && in_new ? Since::both
                         : in_old         ? Since::v2_7_only
                                          : Since::v2_9_only);
      const TxtVar& ref = in_new ? n->second : o->second;
      if (in_old && in_new) {
        EXPECT_EQ(o->second.kind, n->second.kind);
        EXPECT_EQ(o->second.mandatory, n->second.mandatory);
        EXPECT_EQ(o->second.sub, n->second.sub);
      }
      EXPECT_EQ(v.mandatory, ref.mandatory);
      EXPECT_EQ(v.check != nullptr, ref.sub);

      const std::optional<std::string> ours_default =
          v.default_value ? std::optional<std::string>(*v.default_value) : std::nullopt;
      if (in_old && in_new && o->second.default_value != n->second.default_value) {
        default_disagreements.emplace(mod_name, name);
        EXPECT_EQ(ours_default, o->second.default_value);  // 2.7.3's, see the tables
      } else {
        EXPECT_EQ(ours_default, ref.default_value);
      }

      if (in_old && in_new && o->second.re != n->second.re) {
        pattern_disagreements.emplace(mod_name, name);
      } else {
        EXPECT_EQ(std::string(v.re), ref.re);
      }
    }
  }
  EXPECT_EQ(default_disagreements, default_choices);
  EXPECT_EQ(pattern_disagreements, pattern_unions);
}

}  // namespace
}  // namespace smokeping::config
