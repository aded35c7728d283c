#include "smokeping/alerts/history.hpp"

#include <cmath>
#include <cstdlib>

namespace smokeping::alerts {

namespace {

// What Perl's numeric conversion makes of a string: its leading number, else 0.
double perl_number(const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  return end == begin ? 0 : v;
}

}  // namespace

Value Value::parse(std::string_view text) {
  if (text == "U") return unknown();
  std::string copy(text);
  if (!copy.empty() && copy[0] >= '0' && copy[0] <= '9') return of(perl_number(copy));
  return {Kind::text, perl_number(copy), copy};
}

Value at(const Series& series, long index) {
  long size = static_cast<long>(series.size());
  if (index < 0) index += size;
  if (index < 0 || index >= size) return Value::unknown();
  return series[static_cast<std::size_t>(index)];
}

History History::fresh() {
  History h;
  h.loss.push_back(Value::start());
  h.rtt.push_back(Value::start());
  return h;
}

void History::push(std::string_view loss_count, std::string_view median, int pings,
                   std::size_t keep) {
  // The original computes `$loss * 100 / $pings` after turning "U" into undef, i.e. 0.
  Value count = Value::parse(loss_count);
  double percent = pings > 0 ? count.numeric() * 100.0 / pings : 0;
  loss.push_back(std::isnan(percent) ? Value{Value::Kind::text, percent, "NaN"}
                                     : Value::of(percent));
  rtt.push_back(Value::parse(median));
  // One round in, at most one out: the original trims by a single entry per round.
  if (loss.size() > keep) {
    loss.pop_front();
    rtt.pop_front();
  }
}

void History::trim(std::size_t keep) {
  if (keep == 0) keep = 1;
  while (loss.size() > keep) {
    loss.pop_front();
    rtt.pop_front();
  }
}

}  // namespace smokeping::alerts
