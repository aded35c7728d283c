#include "smokeping/daemon/sorter_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace smokeping::daemon {
namespace {

// Storable's type bytes and version (Storable 3.x writes major 2, minor 11).
constexpr char kSxHash = 3, kSxRef = 4, kSxInteger = 6, kSxDouble = 7, kSxByte = 8;
constexpr char kMajorNative = 2 << 1;  // the low bit would say "network order"
constexpr char kMinor = 11;

std::optional<double> perl_number(std::string_view field) {
  if (field.empty() || field.find('U') != std::string_view::npos) return std::nullopt;
  std::string text(field);
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  return d;
}

template <typename T>
void put_native(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_length(std::string& out, std::size_t n) { put_native(out, static_cast<std::uint32_t>(n)); }

// Storable stores a number that is an integer in disguise (Perl's SvIV_please succeeds) as
// an integer: one byte when it fits in -128..127, else a native IV; any other as a native NV.
void put_number(std::string& out, double v) {
  constexpr double kIvLimit = 9223372036854775808.0;  // 2^63
  if (std::isfinite(v) && v == std::trunc(v) && v >= -kIvLimit && v < kIvLimit) {
    auto iv = static_cast<std::int64_t>(v);
    if (iv >= -128 && iv <= 127) {
      out.push_back(kSxByte);
      out.push_back(static_cast<char>(static_cast<unsigned char>(iv + 128)));
    } else {
      out.push_back(kSxInteger);
      put_native(out, iv);
    }
    return;
  }
  out.push_back(kSxDouble);
  put_native(out, v);
}

void put_key(std::string& out, const std::string& key) {
  put_length(out, key.size());
  out += key;
}

std::string storable_header() {
  std::string out = "pst0";
  out.push_back(kMajorNative);
  out.push_back(kMinor);
  const std::string order = std::endian::native == std::endian::little ? "12345678" : "87654321";
  out.push_back(static_cast<char>(order.size()));
  out += order;
  out.push_back(static_cast<char>(sizeof(int)));
  out.push_back(static_cast<char>(sizeof(long)));
  out.push_back(static_cast<char>(sizeof(char*)));
  out.push_back(static_cast<char>(sizeof(double)));
  return out;
}

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

void write_all(int fd, const std::string& bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("write " + path);
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

Sorter sorter_of(std::string_view name) {
  if (name == "Max") return Sorter::max;
  if (name == "Median") return Sorter::median;
  if (name == "Loss") return Sorter::loss;
  if (name == "StdDev") return Sorter::stddev;
  return Sorter::unknown;
}

SorterInput sorter_input(std::string_view update_values) {
  std::vector<std::optional<double>> fields;
  std::size_t from = 0;
  while (from <= update_values.size()) {
    std::size_t colon = update_values.find(':', from);
    if (colon == std::string_view::npos) colon = update_values.size();
    fields.push_back(perl_number(update_values.substr(from, colon - from)));
    from = colon + 1;
  }
  SorterInput input;
  if (fields.size() > 1) input.loss = fields[1];
  if (fields.size() > 2) input.median = fields[2];
  if (fields.size() > 3) input.pings.assign(fields.begin() + 3, fields.end());
  return input;
}

double sorter_value(Sorter sorter, const SorterInput& input) {
  // Perl's "$x ? $x : -1": zero counts as false, like unknown.
  auto or_minus_one = [](std::optional<double> v) { return v && *v != 0 ? *v : -1.0; };
  std::vector<double> known;
  for (const auto& p : input.pings) {
    if (p) known.push_back(*p);
  }
  switch (sorter) {
    case Sorter::max: {
      if (known.empty()) return -1;
      return or_minus_one(*std::max_element(known.begin(), known.end()));
    }
    case Sorter::median:
      return or_minus_one(input.median);
    case Sorter::loss:
      return or_minus_one(input.loss);
    case Sorter::stddev: {
      if (known.empty()) return -1;
      double mean = 0;
      for (double v : known) mean += v;
      mean /= static_cast<double>(known.size());
      double dev = 0;
      for (double v : known) dev += (v - mean) * (v - mean);
      return std::sqrt(dev / static_cast<double>(known.size()));
    }
    case Sorter::unknown:
      break;
  }
  return -1;
}

std::string sorter_cache_ext(std::string_view probe, const std::vector<std::string>& filters) {
  std::string ext(probe);
  for (const auto& f : filters) ext += f;
  for (char& c : ext) {
    bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                c == '-' || c == '_' || c == '=';
    if (!keep) c = '_';
  }
  return ext.empty() ? ext : "." + ext;
}

SorterCacheRound::SorterCacheRound(const config::Config& config) {
  if (!config.presentation.charts) return;
  for (const auto& chart : config.presentation.charts->charts) {
    Sorter sorter = sorter_of(chart.sorter.name);
    if (sorter != Sorter::unknown) charts_.emplace_back(chart.name, sorter);
  }
}

void SorterCacheRound::add(const std::string& path, std::string_view update_values) {
  if (charts_.empty()) return;
  SorterInput input = sorter_input(update_values);
  for (const auto& [chart, sorter] : charts_) values_[chart][path] = sorter_value(sorter, input);
}

std::string SorterCacheRound::storable_bytes() const {
  std::string out = storable_header();
  out.push_back(kSxHash);
  put_length(out, values_.size());
  for (const auto& [chart, paths] : values_) {
    out.push_back(kSxRef);
    out.push_back(kSxHash);
    put_length(out, paths.size());
    for (const auto& [path, value] : paths) {
      put_number(out, value);
      put_key(out, path);
    }
    put_key(out, chart);
  }
  return out;
}

void SorterCacheRound::save(const std::string& datadir, std::string_view ext) const {
  if (!enabled()) return;
  const std::string dir = datadir + "/__sortercache";
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) throw_errno("mkdir " + dir);
  const std::string fresh = dir + "/new" + std::string(ext);
  const std::string final_path = dir + "/data" + std::string(ext) + ".storable";
  int fd = ::open(fresh.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) throw_errno("open " + fresh);
  try {
    write_all(fd, storable_bytes(), fresh);
  } catch (...) {
    ::close(fd);
    ::unlink(fresh.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    ::unlink(fresh.c_str());
    throw_errno("close " + fresh);
  }
  if (::rename(fresh.c_str(), final_path.c_str()) != 0) {
    int saved = errno;
    ::unlink(fresh.c_str());
    errno = saved;
    throw_errno("rename " + fresh);
  }
}

}  // namespace smokeping::daemon
