#include "smokeping/protocol/slave_cache.hpp"

#include <fmt/format.h>

#include <map>

#include "smokeping/protocol/storable.hpp"
#include "src/protocol/detail/cache_write.hpp"

namespace smokeping::protocol {
std::string slave_cache_dir(const config::General& general) {
  std::string dir = general.dyndir.empty() ? general.datadir : general.dyndir;
  while (!dir.empty() && dir.back() == '/') dir.pop_back();
  return dir;
}

std::string slave_cache_file(std::string_view dir, std::string_view target_path,
                             std::string_view slave) {
  return fmt::format("{}/{}.{}.slave_cache", dir, target_path, slave);
}

std::string encode_slave_cache(std::span<const SlaveCacheEntry> entries) {
  using storable::Value;
  std::vector<Value> items;
  items.reserve(entries.size());
  for (const SlaveCacheEntry& e : entries) {
    items.push_back(Value::array_of(
        {Value::scalar_of(e.slave), Value::scalar_of(e.time), Value::scalar_of(e.update)}));
  }
  return storable::write_network(Value::array_of(std::move(items)));
}

DecodedCache decode_slave_cache(std::string_view bytes) {
  using storable::Value;
  DecodedCache out;
  storable::ReadResult read = storable::read(bytes);
  if (!read.ok) {
    out.error = read.error;
    return out;
  }
  for (const Value& item : read.root.items) {
    bool fits = item.kind == Value::Kind::array && item.items.size() == 3;
    for (std::size_t i = 0; fits && i < 3; ++i) fits = item.items[i].kind != Value::Kind::array;
    if (!fits) {
      ++out.skipped;
      continue;
    }
    out.entries.push_back({item.items[0].text, item.items[1].text, item.items[2].text});
  }
  out.ok = true;
  return out;
}

CacheWrite append_slave_cache(const std::string& file, std::span<const SlaveCacheEntry> entries) {
  std::vector<detail::CacheAppend> one(1);
  one[0].file = file;
  one[0].entries.assign(entries.begin(), entries.end());
  return detail::append_caches(std::move(one)).front();
}

std::vector<CacheWrite> save_updates(const std::string& dir, std::string_view slave,
                                     std::span<const DataLine> lines) {
  std::map<std::string, std::vector<SlaveCacheEntry>> by_path;
  for (const DataLine& line : lines)
    by_path[line.path].push_back({std::string(slave), line.time, line.update});
  std::vector<detail::CacheAppend> appends;
  appends.reserve(by_path.size());
  for (auto& [path, entries] : by_path)
    appends.push_back({slave_cache_file(dir, path, slave), std::move(entries)});
  return detail::append_caches(std::move(appends));
}

}  // namespace smokeping::protocol
