// The matcher modules, one function each, with the original modules' rules (their quirks
// included, each marked where it is one): the data they see is the target's history and the
// alert's `prevmatch` count; what they return is added to that count.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "smokeping/alerts/detect.hpp"

namespace smokeping::alerts {

namespace {

using config::CallSpec;

// A matcher key's value as a number; an absent key is undef, i.e. 0.
double param(const CallSpec& call, std::string_view key) {
  for (const auto& [k, v] : call.args) {
    if (k == key) return std::strtod(v.c_str(), nullptr);
  }
  return 0;
}

std::optional<std::string> text_param(const CallSpec& call, std::string_view key) {
  for (const auto& [k, v] : call.args) {
    if (k == key) return v;
  }
  return std::nullopt;
}

// Perl's `@a[$from..$to]`: every index of the range, each resolved like `$a[$i]`.
std::vector<Value> slice(const Series& s, long from, long to) {
  std::vector<Value> out;
  for (long i = from; i <= to; ++i) out.push_back(at(s, i));
  return out;
}

// What Perl makes of `$x =~ /S/`: the start marker (or a slave's text holding an S).
bool has_s(const Value& v) {
  return v.is_start() || (v.kind == Value::Kind::text && v.text.find('S') != std::string::npos);
}

// Perl's numeric value of `$_` holding the alert name, as an array index: its leading
// integer ("5min" is 5), else 0. Names are rarely numeric; the common case is 0.
long perl_index_base(std::string_view name) {
  std::size_t i = 0;
  bool negative = false;
  if (i < name.size() && (name[i] == '+' || name[i] == '-')) negative = name[i++] == '-';
  long value = 0;
  for (; i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) {
    if (value > 1'000'000'000) break;  // far beyond any history: every index is undef anyway
    value = value * 10 + (name[i] - '0');
  }
  return negative ? -value : value;
}

bool compare(std::string_view op, double a, double b) {
  if (op == "<") return a < b;
  if (op == ">") return a > b;
  if (op == "<=") return a <= b;
  if (op == ">=") return a >= b;
  if (op == "==") return a == b;
  return false;
}

// Avgratio and Medratio refuse to judge until the history is long enough and the oldest value
// they would use is not the start marker.
bool ratio_ready(const Series& rtt, long length) {
  if (static_cast<long>(rtt.size()) < length) return false;
  return !at(rtt, -length).is_start();
}

Match avgratio(const CallSpec& call, const History& h) {
  long historic = static_cast<long>(param(call, "historic"));
  long current = static_cast<long>(param(call, "current"));
  if (!ratio_ready(h.rtt, historic + current)) return 0;
  auto average = [](const std::vector<Value>& values) -> std::optional<double> {
    double sum = 0;
    int count = 0;
    for (const Value& v : values) {
      if (!v.defined()) continue;
      sum += v.numeric();
      ++count;
    }
    if (count == 0) return std::nullopt;
    return sum / count;
  };
  auto past = average(slice(h.rtt, -(historic + current), -current - 1));
  auto now = average(slice(h.rtt, -current, -1));
  if (!past || !now || *past == 0 || *now == 0) return 0;
  return compare(text_param(call, "comparator").value_or(""), *now / *past,
                 param(call, "percentage") / 100)
             ? 1
             : 0;
}

Match medratio(const CallSpec& call, const History& h) {
  long historic = static_cast<long>(param(call, "historic"));
  long current = static_cast<long>(param(call, "current"));
  if (!ratio_ready(h.rtt, historic + current)) return 0;
  // Sorted numerically with undef as 0; the element at int(n/2) of the slice is taken.
  auto pick = [](std::vector<Value> values, long n) -> double {
    std::stable_sort(values.begin(), values.end(),
                     [](const Value& a, const Value& b) { return a.numeric() < b.numeric(); });
    long index = n / 2;
    if (index >= static_cast<long>(values.size())) return 0;
    return values[static_cast<std::size_t>(index)].numeric();
  };
  double past = pick(slice(h.rtt, -(historic + current), -current - 1), historic);
  double now = pick(slice(h.rtt, -current, -1), current);
  if (past == 0 || now == 0) return 0;
  return compare(text_param(call, "comparator").value_or(""), now / past,
                 param(call, "percentage") / 100)
             ? 1
             : 0;
}

// The median of the values holding a digit, the mean of the middle two for an even count,
// 0 when there are none.
double robust_median(const std::vector<Value>& values) {
  std::vector<double> numbers;
  for (const Value& v : values) {
    if (v.kind == Value::Kind::number) numbers.push_back(v.number);
    if (v.kind == Value::Kind::text && v.text.find_first_of("0123456789") != std::string::npos) {
      numbers.push_back(v.number);
    }
  }
  if (numbers.empty()) return 0;
  std::sort(numbers.begin(), numbers.end());
  std::size_t n = numbers.size();
  return n % 2 == 1 ? numbers[n / 2] : (numbers[n / 2 - 1] + numbers[n / 2]) / 2;
}

Match median(const CallSpec& call, const History& h) {
  long count = static_cast<long>(h.rtt.size());
  long recent = static_cast<long>(param(call, "new"));
  long all = std::min(static_cast<long>(param(call, "old")) + recent, count);
  recent = std::min(recent, count);
  double old_median = robust_median(slice(h.rtt, -all, -recent - 1));
  double new_median = robust_median(slice(h.rtt, -recent, -1));
  return std::fabs(old_median - new_median) > param(call, "diff") ? 1 : 0;
}

// CheckLatency, CheckLoss and ConsecutiveLoss: count the last `x` values beyond (raising) or
// within (clearing) a limit; toggle the state when all of them are, else keep it.
Match count_and_toggle(const Series& s, long x, Match prevmatch, long base,
                       const auto& beyond_limit, const auto& within_limit) {
  long count = 0;
  for (long i = 1; i <= x; ++i) {
    Value v = at(s, base - i);
    if (has_s(v)) return prevmatch;
    if (prevmatch ? within_limit(v.numeric()) : beyond_limit(v.numeric())) ++count;
  }
  return count >= x ? (prevmatch ? 0 : 1) : prevmatch;
}

Match check_limit(const CallSpec& call, const Series& s, double limit, Match prevmatch, long base) {
  long x = static_cast<long>(param(call, "x"));
  long looked_at = std::min(x, static_cast<long>(s.size()));
  // Only `looked_at` values are counted but `x` are needed: a short history keeps the state.
  long count = 0;
  for (long i = 1; i <= looked_at; ++i) {
    Value v = at(s, base - i);
    if (has_s(v)) return prevmatch;
    if (prevmatch ? v.numeric() < limit : v.numeric() >= limit) ++count;
  }
  return count >= x ? (prevmatch ? 0 : 1) : prevmatch;
}

Match consecutive_loss(const CallSpec& call, const History& h, Match prevmatch, long base) {
  long steps = static_cast<long>(param(call, prevmatch ? "stepsclear" : "stepsraise"));
  if (static_cast<long>(h.loss.size()) < steps) return prevmatch;
  double raise = param(call, "pctlossraise");
  double clear = param(call, "pctlossclear");
  return count_and_toggle(
      h.loss, steps, prevmatch, base, [&](double loss) { return loss >= raise; },
      [&](double loss) { return loss < clear; });
}

Match exp_loss(const CallSpec& call, const History& h, Match prevmatch) {
  double hist = param(call, "hist");
  double skip = param(call, "skip");
  double fast = param(call, "fast");
  if (static_cast<double>(h.loss.size()) <= skip + 1) return 0;
  double alfa = 1 - std::pow(0.01, 1 / hist);
  double rising = param(call, "rising");
  // Quirk kept: the module writes `defined $falling || $rising`, so a given `falling` counts
  // as 1 (percent) and an absent one as `rising`.
  double falling = text_param(call, "falling") ? 1 : rising;
  double result = 0;
  double sum = 0;
  long num = 0;
  long rising_count = 0;
  long falling_count = 0;
  for (const Value& v : h.loss) {
    if (has_s(v) || !v.defined()) continue;
    double loss = v.numeric();
    result = (1 - alfa) * result + alfa * loss;
    sum += loss;
    ++num;
    if (fast != 0) {
      rising_count = loss >= rising ? rising_count + 1 : 0;
      falling_count = loss <= falling ? falling_count + 1 : 0;
    }
  }
  if (num == 0) return 0;
  if (fast != 0) {
    if (static_cast<double>(rising_count) >= fast) return 1;
    if (static_cast<double>(falling_count) >= fast) return 0;
  }
  result += (sum / static_cast<double>(num)) * std::pow(1 - alfa, static_cast<double>(num));
  return (result >= rising || (prevmatch && result >= falling)) ? 1 : 0;
}

}  // namespace

Match match_matcher(const CallSpec& call, const History& h, Match prevmatch,
                    std::string_view alert_name) {
  const std::string& name = call.name;
  long base = perl_index_base(alert_name);
  if (name == "Avgratio") return avgratio(call, h);
  if (name == "Medratio") return medratio(call, h);
  if (name == "Median") return median(call, h);
  if (name == "CheckLatency") {
    return check_limit(call, h.rtt, param(call, "l") / 1000, prevmatch, base);
  }
  if (name == "CheckLoss") return check_limit(call, h.loss, param(call, "l"), prevmatch, base);
  if (name == "ConsecutiveLoss") return consecutive_loss(call, h, prevmatch, base);
  if (name == "ExpLoss") return exp_loss(call, h, prevmatch);
  return 0;  // the config accepts no other name
}

Match match_alert(const config::Alert& alert, const History& history, Match prevmatch) {
  switch (alert.type) {
    case config::AlertType::loss:
      return match_classic(alert.classic, alert.type, history.loss);
    case config::AlertType::rtt:
      return match_classic(alert.classic, alert.type, history.rtt);
    case config::AlertType::matcher:
      return match_matcher(alert.matcher.call, history, prevmatch, alert.name);
  }
  return 0;
}

}  // namespace smokeping::alerts
