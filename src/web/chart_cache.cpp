#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "smokeping/config/alert_rule.hpp"
#include "smokeping/protocol/storable.hpp"
#include "smokeping/web/charts.hpp"

namespace smokeping::web {
namespace {

namespace storable = protocol::storable;

constexpr std::uintmax_t kMaxCacheBytes = 64u << 20;

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  while (from <= path.size()) {
    std::size_t at = path.find('/', from);
    if (at == std::string_view::npos) at = path.size();
    parts.emplace_back(path.substr(from, at - from));
    from = at + 1;
  }
  return parts;
}

// A cached path names a node of the tree (slave entries "Europe/Zurich~boomer" never do).
const config::TargetNode* node_of(const config::Config& config, std::string_view path) {
  std::vector<std::string> parts = split_path(path);
  for (const auto& part : parts) {
    if (part.empty()) return nullptr;
  }
  return config.find_target(parts);
}

std::optional<double> number_of(const storable::Value& v) {
  if (v.kind != storable::Value::Kind::scalar || v.text.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(v.text.c_str(), &end);
  if (end == v.text.c_str()) return std::nullopt;
  return d;
}

}  // namespace

bool merge_sorter_cache(std::string_view bytes, const config::Config& config, SorterCache& cache,
                        std::string& error) {
  storable::ReadResult read = storable::read_with_hashes(bytes, 4);
  if (!read.ok) {
    error = read.error;
    return false;
  }
  if (read.root.kind != storable::Value::Kind::hash) {
    error = "the sorter cache is not a hash";
    return false;
  }
  for (const auto& [chart, paths] : read.root.entries) {
    if (paths.kind != storable::Value::Kind::hash) {
      error = "chart " + chart + " is not a hash";
      return false;
    }
  }
  for (const auto& [chart, paths] : read.root.entries) {
    auto& values = cache.charts[chart];
    for (const auto& [path, value] : paths.entries) {
      std::optional<double> number = number_of(value);
      if (!number || !node_of(config, path)) {
        cache.warnings.push_back("Dropping " + chart + "/" + path + " from sortercache");
        continue;
      }
      if (values.count(path)) {
        cache.warnings.push_back("Duplicate entry " + chart + "/" + path + " in sortercache");
      }
      values[path] = *number;
    }
  }
  cache.found = true;
  return true;
}

SorterCache load_sorter_cache(const config::Config& config, std::int64_t now) {
  SorterCache cache;
  const std::filesystem::path dir = std::filesystem::path(config.general.datadir) / "__sortercache";
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("data") && name.ends_with(".storable")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (now - static_cast<std::int64_t>(st.st_mtime) > 2 * config.database.step) continue;
    if (static_cast<std::uintmax_t>(st.st_size) > kMaxCacheBytes) {
      cache.warnings.push_back("Ignoring " + file.string() + ": too large");
      continue;
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::string error;
    if (!in || !merge_sorter_cache(bytes.str(), config, cache, error))
      cache.warnings.push_back("Ignoring " + file.string() + ": " + error);
  }
  return cache;
}

int chart_entries(const config::Chart& chart) {
  std::vector<std::pair<std::string, std::string>> args = chart.sorter.args;
  if (args.empty()) {
    try {
      args = config::parse_sorter(chart.sorter.name).args;
    } catch (const std::exception&) {
      return 3;
    }
  }
  for (const auto& [key, value] : args) {
    if (key != "entries") continue;
    int n = std::atoi(value.c_str());
    return n > 0 ? n : 3;
  }
  return 3;
}

std::vector<ChartEntry> rank_chart(const SorterCache& cache, const config::Chart& chart,
                                   const config::Config& config) {
  std::vector<ChartEntry> entries;
  auto it = cache.charts.find(chart.name);
  if (it == cache.charts.end()) return entries;
  std::vector<std::pair<std::string, double>> sorted(it->second.begin(), it->second.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const std::size_t keep = static_cast<std::size_t>(chart_entries(chart));
  for (const auto& [path, value] : sorted) {
    if (entries.size() >= keep) break;
    const config::TargetNode* node = node_of(config, path);
    if (!node) continue;
    entries.push_back({split_path(path), node, value});
  }
  return entries;
}

}  // namespace smokeping::web
