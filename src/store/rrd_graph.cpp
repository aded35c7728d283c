#include "smokeping/store/rrd_graph.hpp"

#include <algorithm>
#include <cmath>

#include "src/store/detail/rrd_lib.hpp"

namespace smokeping::store {

GraphOutput graph(const std::vector<std::string>& args) {
  detail::GraphRead read = detail::rrd_read_graph(args);
  GraphOutput out;
  if (read.error) {
    out.error = *read.error;
    return out;
  }
  out.prints = std::move(read.prints);
  out.width = static_cast<int>(read.width);
  out.height = static_cast<int>(read.height);
  out.image = std::move(read.image);
  return out;
}

ColumnFetch fetch_column(const std::string& rrd, const std::string& cf, const std::string& start,
                         const std::string& end, const std::string& ds) {
  detail::FetchRead read = detail::rrd_read_fetch({rrd, cf, "--start", start, "--end", end});
  ColumnFetch out;
  if (read.error) {
    out.error = *read.error;
    return out;
  }
  auto it = std::find(read.names.begin(), read.names.end(), ds);
  if (it == read.names.end()) {
    out.error = "No DS called '" + ds + "' in '" + rrd + "'";
    return out;
  }
  const auto column = static_cast<std::size_t>(it - read.names.begin());
  out.values.reserve(read.rows.size());
  for (const auto& row : read.rows) {
    const double v = row[column];
    out.values.push_back(std::isnan(v) ? std::nullopt : std::optional<double>(v));
  }
  return out;
}

std::optional<double> stddev_of(const std::vector<std::optional<double>>& values) {
  double sum = 0, squares = 0;
  long count = 0;
  for (const auto& v : values) {
    if (!v) continue;
    ++count;
    sum += *v;
    squares += std::pow(*v, 2);
  }
  if (count == 0) return std::nullopt;
  const double variance = 1.0 / count * (squares - std::pow(sum, 2) / count);
  return variance < 0.0 ? 0.0 : std::sqrt(variance);
}

}  // namespace smokeping::store
