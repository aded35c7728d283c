// The sections whose grammar is fixed (config.md §3.1-3.3, 3.5, 3.6, 3.8).
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <fstream>

#include "smokeping/config/value_check.hpp"
#include "src/config/detail/smokeping_grammar.hpp"

namespace smokeping::config::detail {

namespace {

constexpr const char* kYesNo = "(yes|no)";
constexpr const char* kYesNoError = "this must either be 'yes' or 'no'";
constexpr const char* kKeyRe = "/[-_0-9a-zA-Z]+/";

VarRule var(std::string name) { return VarRule{std::move(name), "", "", nullptr, std::nullopt}; }
VarRule re_var(std::string name, std::string re, std::string error = "") {
  return VarRule{std::move(name), std::move(re), std::move(error), nullptr, std::nullopt};
}
VarRule check_var(std::string name, CheckFn check) {
  return VarRule{std::move(name), "", "", check, std::nullopt};
}
VarRule yes_no(std::string name) { return re_var(std::move(name), kYesNo, kYesNoError); }
VarRule with_default(VarRule v, std::string value) {
  v.default_value = std::move(value);
  return v;
}

std::optional<std::string> width_check(std::string_view v, const CheckEnv&) {
  double n = perl_number(v);
  if (n >= 10 && std::floor(n) == n) return std::nullopt;
  return "width must be be an integer >= 10";  // sic: the original's doubled "be"
}

std::optional<std::string> height_check(std::string_view v, const CheckEnv&) {
  double n = perl_number(v);
  if (n >= 10 && std::floor(n) == n) return std::nullopt;
  return "height must be an integer >= 10";
}

std::optional<std::string> tolerance_check(std::string_view v, const CheckEnv&) {
  if (perl_number(v) <= 1) return "tolerance must be larger than 1";
  return std::nullopt;
}

std::optional<std::string> xff_check(std::string_view v, const CheckEnv&) {
  double n = perl_number(v);
  if (n > 0 && n <= 1) return std::nullopt;
  return "Xff must be between 0 and 1";
}

std::optional<std::string> template_readable(std::string_view v, const CheckEnv& env) {
  if (!env.check_paths || ::access(std::string(v).c_str(), R_OK) == 0) return std::nullopt;
  return fmt::format("template '{}' not readable", v);
}

std::optional<std::string> influx_port_check(std::string_view v, const CheckEnv&) {
  double n = perl_number(v);
  if (n > 0 && n < 65536) return std::nullopt;
  return "Invalid InfluxDB port (needs to be between 1-65535)";
}

std::optional<std::string> secrets_check(std::string_view v, const CheckEnv& env) {
  if (!env.check_paths) return std::nullopt;
  struct stat st {};
  if (::stat(std::string(v).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return fmt::format("File '{}' does not exist", v);
  }
  // Only the "other" bits matter here, as in the original; the CGI is stricter at run time.
  if (st.st_mode & (S_IROTH | S_IWOTH)) {
    return fmt::format("File '{}' is world-readable or writable, refusing it", v);
  }
  return std::nullopt;
}

// The header block must come first and contain a Subject (the original reads it the same way).
std::optional<std::string> mailtemplate_check(std::string_view v, const CheckEnv& env) {
  if (!env.check_paths) return std::nullopt;
  std::ifstream in{std::string(v)};
  if (!in) return fmt::format("mailtemplate '{}' not readable", v);
  bool subject = false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("Subject: ")) subject = true;
    size_t colon = line.find(": ");
    bool header =
        colon != std::string::npos && colon > 0 && line.find_first_of(" \t\r\f\v") >= colon;
    if (header) continue;
    if (line.empty()) break;
    return fmt::format("mailtemplate '{}' should start with mail header lines", v);
  }
  if (!subject) return fmt::format("mailtemplate '{}' has no Subject: line", v);
  return std::nullopt;
}

RulePtr make(SectionRule rule) { return std::make_shared<const SectionRule>(std::move(rule)); }

}  // namespace

// The original pastes the value into a single-quoted Perl string; a quote (or a final
// backslash escaping the closing quote) breaks that string, anything else is accepted.
std::optional<std::string> check_strftime(std::string_view value, const CheckEnv&) {
  size_t backslashes = 0;
  while (backslashes < value.size() && value[value.size() - 1 - backslashes] == '\\') ++backslashes;
  if (value.find('\'') == std::string_view::npos && backslashes % 2 == 0) return std::nullopt;
  return fmt::format(
      "strftime format '{}' cannot be used: it must not contain a single quote or end in a "
      "backslash",
      value);
}

RulePtr general_rule() {
  SectionRule r;
  r.vars_allowed = true;
  r.vars = {
      var("owner"),
      check_var("imgcache", checks::directory_exists),
      var("imgurl"),
      check_var("datadir", checks::directory_exists),
      check_var("dyndir", checks::directory_exists),
      check_var("pagedir", checks::directory_exists),
      check_var("piddir", checks::directory_exists),
      check_var("sendmail", checks::regular_file_exists),
      re_var("offset", "(\\d+%|random)",
             "Use offset either in % of operation interval or 'random'"),
      check_var("smokemail", checks::regular_file_exists),
      re_var("cgiurl", "https?://\\S+", "cgiurl must be a http(s)://.... url"),
      var("mailhost"),
      var("mailuser"),
      var("mailpass"),
      // The original loads Net::SNPP here and dies when it is missing; we accept the value and
      // say at alert time that SNPP is not supported.
      var("snpphost"),
      re_var("contact", "\\S+@\\S+", "use an email address of the form 'name@place.dom'"),
      var("display_name"),
      re_var("syslogfacility", "\\w+", "syslogfacility must be alphanumeric"),
      re_var("syslogpriority", "\\w+", "syslogpriority must be alphanumeric"),
      yes_no("concurrentprobes"),
      with_default(yes_no("changeprocessnames"), "yes"),
      check_var("tmail", checks::regular_file_exists),
      with_default(yes_no("changecgiprogramname"), "yes"),
      with_default(re_var("linkstyle", "(?:absolute|relative|original)",
                          "linkstyle must be one of \"absolute\", \"relative\" or \"original\""),
                   "relative"),
      re_var("precreateperms", "[0-7]+", "please specify the permissions in octal"),
  };
  r.mandatory = {"owner",  "imgcache",  "imgurl", "datadir",
                 "piddir", "smokemail", "cgiurl", "contact"};
  return make(std::move(r));
}

RulePtr database_rule() {
  SectionRule r;
  r.vars_allowed = true;
  r.vars = {check_var("step", checks::integer_at_least_1),
            VarRule{"pings", "\\d+", "", checks::pings_at_least_3, std::nullopt}};
  r.mandatory = {"step", "pings"};
  r.table =
      TableRule{4,
                {CellRule{"(AVERAGE|MIN|MAX)", "Choose a valid consolidation function", nullptr},
                 CellRule{"", "", xff_check}, CellRule{"", "", checks::integer_at_least_1},
                 CellRule{"", "", checks::integer_at_least_1}}};
  return make(std::move(r));
}

RulePtr presentation_rule() {
  const char* span_re = "\\d+[smhdwy]";
  SectionRule overview;
  overview.vars_allowed = true;
  overview.vars = {check_var("width", width_check),
                   check_var("height", height_check),
                   re_var("range", span_re, "graph range must be a number followed by [smhdwy]"),
                   var("max_rtt"),
                   re_var("median_color", "[0-9a-f]{6}", "use rrggbb for color"),
                   check_var("strftime", check_strftime)};
  overview.mandatory = {"width", "height"};

  SectionRule loss_colors;
  loss_colors.table =
      TableRule{3,
                {CellRule{"\\d+.?\\d*", "I was expecting a number", nullptr},
                 CellRule{"[0-9a-f]+", "I was expecting a color of the form rrggbb", nullptr}}};
  SectionRule uptime_colors;
  uptime_colors.table =
      TableRule{3,
                {CellRule{"\\d+.?\\d*", "I was expecting a number", nullptr},
                 CellRule{"[0-9a-f]{6}", "I was expecting a color of the form rrggbb", nullptr}}};

  SectionRule detail;
  detail.vars_allowed = true;
  detail.vars = {
      check_var("width", width_check),
      check_var("height", height_check),
      yes_no("loss_background"),
      yes_no("logarithmic"),
      check_var("unison_tolerance", tolerance_check),
      var("max_rtt"),
      check_var("strftime", check_strftime),
      re_var("nodata_color", "[0-9a-f]{6}", "color must be defined with in rrggbb syntax")};
  detail.mandatory = {"width", "height"};
  detail.table = TableRule{
      2,
      {CellRule{}, CellRule{span_re, "graph age must be a number followed by [smhdwy]", nullptr}}};
  detail.sections_allowed = true;
  detail.sections = {{"loss_colors", make(std::move(loss_colors))},
                     {"uptime_colors", make(std::move(uptime_colors))}};

  SectionRule chart;
  chart.vars_allowed = true;
  chart.vars = {
      var("menu"), var("title"),
      re_var("sorter", "\\S+\\(\\S+\\)", "use a sorter call here: Sorter(arg1=>val1,arg2=>val2)"),
      var("format")};
  chart.mandatory = {"menu", "title", "sorter"};
  SectionRule charts;
  charts.vars_allowed = true;
  charts.vars = {var("menu"), var("title")};
  charts.mandatory = {"menu", "title"};
  charts.sections_allowed = true;
  charts.sections = {{kKeyRe, make(std::move(chart))}};

  SectionRule multihost;
  multihost.vars_allowed = true;
  multihost.vars = {re_var("colors", "[0-9a-z]{6}(?: [0-9a-z]{6})*")};

  SectionRule hierarchy;
  hierarchy.vars_allowed = true;
  hierarchy.vars = {var("title")};
  hierarchy.mandatory = {"title"};
  SectionRule hierarchies;
  hierarchies.sections_allowed = true;
  hierarchies.sections = {{kKeyRe, make(std::move(hierarchy))}};

  SectionRule r;
  r.vars_allowed = true;
  r.vars = {check_var("template", template_readable),
            var("charset"),
            yes_no("htmltitle"),
            yes_no("graphborders"),
            yes_no("literalsearch"),                                           // 2.9.0
            re_var("colortext", "[0-9a-f]{6}", "use rrggbb for color"),        // 2.9.0
            re_var("colorbackground", "[0-9a-f]{6}", "use rrggbb for color"),  // 2.9.0
            re_var("colorborder", "[0-9a-f]{6}", "use rrggbb for color")};     // 2.9.0
  r.mandatory = {"overview", "template", "detail"};
  r.sections_allowed = true;
  r.sections = {{"overview", make(std::move(overview))},
                {"detail", make(std::move(detail))},
                {"charts", make(std::move(charts))},
                {"multihost", make(std::move(multihost))},
                {"hierarchies", make(std::move(hierarchies))}};
  return make(std::move(r));
}

RulePtr alerts_rule() {
  const char* to_re = "(\\|.+|.+@\\S+|snpp:|xmpp:)";
  const char* to_error = "put an email address or the name of a program here";
  SectionRule alert;
  alert.vars_allowed = true;
  alert.vars = {
      re_var("type", "(rtt|loss|matcher)", "Use loss, rtt or matcher"),
      re_var("pattern", "(?:([^,]+)(,[^,]+)*|\\S+\\(.+\\s)", "Could not parse pattern or matcher"),
      var("comment"),
      re_var("to", to_re, to_error),
      with_default(yes_no("edgetrigger"), "no"),
      check_var("mailtemplate", mailtemplate_check),
      re_var("priority", "[1-9]\\d*", "priority must be between 1 and oo")};
  alert.inherited = {"edgetrigger", "mailtemplate"};
  alert.mandatory = {"type", "pattern", "comment"};

  SectionRule r;
  r.vars_allowed = true;
  r.vars = {re_var("to", to_re, to_error), re_var("from", ".+@\\S+", "put an email address here"),
            with_default(yes_no("edgetrigger"), "no"),
            check_var("mailtemplate", mailtemplate_check)};
  r.mandatory = {"to", "from"};
  r.sections_allowed = true;
  r.sections = {{"/[^\\s,]+/", make(std::move(alert))}};
  return make(std::move(r));
}

RulePtr slaves_rule() {
  SectionRule override_rule;
  override_rule.vars_allowed = true;
  override_rule.vars = {var("/\\S+/")};

  SectionRule slave;
  slave.vars_allowed = true;
  slave.vars = {var("display_name"), var("location"),
                re_var("color", "[0-9a-f]{6}", "I was expecting a color of the form rrggbb")};
  slave.mandatory = {"display_name", "color"};
  slave.sections_allowed = true;
  slave.sections = {{"override", make(std::move(override_rule))}};

  SectionRule r;
  r.vars_allowed = true;
  r.vars = {check_var("secrets", secrets_check)};
  r.mandatory = {"secrets"};
  r.sections_allowed = true;
  r.sections = {{"/[-_0-9a-zA-Z.]+/", make(std::move(slave))}};
  return make(std::move(r));
}

// 2.9.0 only; 2.7.3 rejects the whole section, we accept it as 2.9.0 does.
RulePtr influxdb_rule() {
  SectionRule r;
  r.vars_allowed = true;
  r.vars = {re_var("host", "\\S+"),
            VarRule{"port", "\\d+", "", influx_port_check, "8086"},
            VarRule{"timeout", "", "", checks::integer_at_least_1, "15"},
            re_var("database", "\\S+"),
            re_var("username", "\\S+"),
            re_var("password", "\\S+")};
  r.mandatory = {"host", "database"};
  return make(std::move(r));
}

}  // namespace smokeping::config::detail
