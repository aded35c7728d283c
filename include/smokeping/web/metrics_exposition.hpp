// The Prometheus text exposition format (version 0.0.4), as the metrics page writes it: each
// family's HELP and TYPE lines, then its samples.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smokeping::web {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// A label value with \, " and newline escaped as the format wants.
std::string escape_label_value(std::string_view value);

// A sample value: shortest round-trip decimal, or NaN, +Inf, -Inf.
std::string metric_value(double value);

class Exposition {
 public:
  enum class Type { gauge, counter, summary };

  // Starts family `name`; the samples that follow belong to it. A family may be declared
  // once only (std::logic_error otherwise: a bug of the caller).
  void family(const std::string& name, Type type, std::string_view help);

  // `name{labels} value` in the current family (`name` may carry a suffix of the family's).
  void sample(const std::string& name, const MetricLabels& labels, double value);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::set<std::string, std::less<>> declared_;
};

}  // namespace smokeping::web
