// The y-range pre-pass (web-and-rrd.md §3.3): what the detail graphs' --upper-limit is.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "smokeping/web/graph_args.hpp"
#include "smokeping/web/graph_time.hpp"

namespace smokeping::web {

namespace {

bool mentions_nan(std::string_view s) {
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("nan") != std::string::npos;
}

Upper number(double v) { return Upper{v, perl_number_text(v)}; }

// `max_rtt` caps an upper limit; the original then pastes the config's text.
Upper capped(const config::Config& config, Upper upper) {
  const std::string& max_rtt = config.presentation.detail.max_rtt;
  if (max_rtt.empty() || max_rtt == "0") return upper;
  if (upper.value > perl_numify(max_rtt)) return Upper{perl_numify(max_rtt), max_rtt};
  return upper;
}

GraphCall pre_pass(const std::string& rrd, std::vector<std::string> range) {
  GraphCall call;
  call.args.push_back("dummy");
  for (auto& arg : range) call.args.push_back(std::move(arg));
  call.args.push_back("DEF:maxping=" + rrd + ":median:AVERAGE");
  call.args.push_back("PRINT:maxping:MAX:%le");
  return call;
}

}  // namespace

GraphCall findmax_call(const config::Config& config, const std::string& rrd,
                       const config::GraphSpan& span) {
  const std::string seconds = exp2seconds(span.span);
  // `-$start` is Perl's numeric negation, so "30s" becomes -30.
  const double s = perl_numify(seconds);
  const double end = std::trunc(s / config.presentation.detail.width);
  return pre_pass(rrd, {"--start", perl_number_text(-s), "--width",
                        std::to_string(config.presentation.overview.width), "--end",
                        "-" + perl_number_text(end)});
}

std::map<std::string, Upper> findmax_uppers(const config::Config& config,
                                            const std::vector<std::string>& printed) {
  const auto& spans = config.presentation.detail.spans;
  std::map<std::string, std::string> by_period;  // a later row of the same length wins
  std::vector<std::string> values;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    std::string v = i < printed.size() ? printed[i] : std::string();
    if (mentions_nan(v)) v = "0";
    by_period[exp2seconds(spans[i].span)] = v;
    values.push_back(v);
  }
  // Perl's sort without a comparator compares strings: the quirk the original relies on.
  std::sort(values.begin(), values.end());
  const double med = values.empty() ? 0 : perl_numify(values[(values.size() - 1) / 2]);

  const std::optional<double> tolerance = config.presentation.detail.unison_tolerance;
  double max = 0.000001;
  std::map<std::string, bool> unified;
  for (const auto& [period, text] : by_period) {
    const double v = perl_numify(text);
    if (!tolerance || (v <= *tolerance * med && v >= med / *tolerance)) {
      if (!(v < max)) max = v;
      unified[period] = true;
    }
  }
  std::map<std::string, Upper> uppers;
  for (const auto& [period, text] : by_period) {
    const double v = unified[period] ? max : perl_numify(text);
    uppers[period] = capped(config, number(v * 1.2));
  }
  return uppers;
}

void keep_larger_uppers(std::map<std::string, Upper>& into,
                        const std::map<std::string, Upper>& from) {
  for (const auto& [period, upper] : from) {
    auto it = into.find(period);
    // Perl: replace when the kept value is false (missing or 0) or the new one is larger.
    if (it == into.end() || it->second.value == 0 || upper.value > it->second.value) {
      into[period] = upper;
    }
  }
}

GraphCall range_findmax_call(const std::string& rrd, std::string_view start, std::string_view end) {
  return pre_pass(rrd, {"--start", std::string(start), "--end", std::string(end)});
}

Upper range_upper(std::string_view printed) {
  const double v = mentions_nan(printed) ? 1 : perl_numify(printed);
  return number(v * 1.5);
}

Upper multi_range_upper(const std::vector<std::string>& printed) {
  // `$val < NaN` is false, so a NaN never replaces the running maximum, which starts at 0.
  double val = 0;
  for (const auto& p : printed) {
    const double v = perl_numify(p);
    if (val < v) val = v;
  }
  return number(val * 1.5);
}

}  // namespace smokeping::web
