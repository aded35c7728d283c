#include "smokeping/protocol/health_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "smokeping/protocol/slave_cache.hpp"

namespace smokeping::protocol {
namespace {

constexpr std::string_view kMagic = "smokeping-health 1";

using Fields = std::map<std::string, std::string, std::less<>>;

// "probe name=FPing step=300" -> kind "probe", fields {name: FPing, step: 300}; nullopt when a
// field has no '='.
std::optional<Fields> split_fields(std::string_view rest) {
  Fields fields;
  while (!rest.empty()) {
    std::size_t space = rest.find(' ');
    std::string_view field = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (field.empty()) continue;
    std::size_t eq = field.find('=');
    if (eq == std::string_view::npos || eq == 0) return std::nullopt;
    fields.emplace(std::string(field.substr(0, eq)), std::string(field.substr(eq + 1)));
  }
  return fields;
}

// Reads field `key` into `out` when present; false when present but not an integer.
template <typename Int>
bool read_int(const Fields& fields, std::string_view key, Int& out) {
  auto it = fields.find(key);
  if (it == fields.end()) return true;
  const std::string& v = it->second;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && end == v.data() + v.size();
}

std::string text(const Fields& fields, std::string_view key) {
  auto it = fields.find(key);
  return it == fields.end() ? std::string() : it->second;
}

HealthParse fail(std::string why) { return HealthParse{std::nullopt, std::move(why)}; }

}  // namespace

std::string health_file_path(const config::General& general) {
  return general.datadir + "/.smokeping-health";
}

std::string format_health(const Health& h) {
  std::ostringstream out;
  out << kMagic << "\n";
  out << "daemon pid=" << h.pid << " started=" << h.started << " version=" << h.version
      << " written=" << h.written << "\n";
  for (const auto& p : h.probes) {
    out << "probe name=" << p.name << " step=" << p.step << " last_start=" << p.last_start
        << " last_seconds=" << p.last_seconds << " targets=" << p.targets << " rounds=" << p.rounds
        << " overruns=" << p.overruns << "\n";
  }
  for (const auto& s : h.slaves) {
    out << "slave name=" << s.name << " last_merge=" << s.last_merge
        << " rows_merged=" << s.rows_merged << " backlog_files=" << s.backlog_files
        << " backlog_bytes=" << s.backlog_bytes << " backlog_rows=" << s.backlog_rows << "\n";
  }
  return out.str();
}

HealthParse parse_health(std::string_view all) {
  Health h;
  bool first = true;
  int line_no = 0;
  while (!all.empty()) {
    std::size_t nl = all.find('\n');
    std::string_view line = all.substr(0, nl);
    all = nl == std::string_view::npos ? std::string_view() : all.substr(nl + 1);
    ++line_no;
    if (first) {
      if (line != kMagic) return fail("not a smokeping health file (first line)");
      first = false;
      continue;
    }
    std::size_t space = line.find(' ');
    std::string_view kind = line.substr(0, space);
    if (kind != "daemon" && kind != "probe" && kind != "slave") continue;
    auto fields = split_fields(space == std::string_view::npos ? "" : line.substr(space + 1));
    const std::string where = "line " + std::to_string(line_no);
    if (!fields) return fail(where + ": a field without '='");
    bool ok = true;
    if (kind == "daemon") {
      ok = read_int(*fields, "pid", h.pid) && read_int(*fields, "started", h.started) &&
           read_int(*fields, "written", h.written);
      h.version = text(*fields, "version");
    } else if (kind == "probe") {
      ProbeHealth p;
      p.name = text(*fields, "name");
      ok = read_int(*fields, "step", p.step) && read_int(*fields, "last_start", p.last_start) &&
           read_int(*fields, "last_seconds", p.last_seconds) &&
           read_int(*fields, "targets", p.targets) && read_int(*fields, "rounds", p.rounds) &&
           read_int(*fields, "overruns", p.overruns);
      if (p.name.empty()) return fail(where + ": probe without a name");
      h.probes.push_back(std::move(p));
    } else {
      SlaveHealth s;
      s.name = text(*fields, "name");
      ok = read_int(*fields, "last_merge", s.last_merge) &&
           read_int(*fields, "rows_merged", s.rows_merged) &&
           read_int(*fields, "backlog_files", s.backlog_files) &&
           read_int(*fields, "backlog_bytes", s.backlog_bytes) &&
           read_int(*fields, "backlog_rows", s.backlog_rows);
      if (s.name.empty()) return fail(where + ": slave without a name");
      h.slaves.push_back(std::move(s));
    }
    if (!ok) return fail(where + ": not an integer");
  }
  if (first) return fail("empty health file");
  return HealthParse{std::move(h), ""};
}

void write_health_file(const std::string& path, const Health& health) {
  const std::string tmp = path + ".tmp";
  const std::string bytes = format_health(health);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + tmp);
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::system_error(e, std::generic_category(), "write " + tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw std::system_error(e, std::generic_category(), "rename " + tmp);
  }
}

HealthRead read_health_file(const std::string& path) {
  HealthRead out;
  std::ifstream in(path, std::ios::binary);
  struct stat st {};
  if (!in || ::stat(path.c_str(), &st) != 0) {
    out.error = "cannot read " + path;
    return out;
  }
  out.mtime = st.st_mtime;
  std::ostringstream buf;
  buf << in.rdbuf();
  HealthParse parsed = parse_health(buf.str());
  out.health = std::move(parsed.health);
  if (!out.health) out.error = path + ": " + parsed.error;
  return out;
}

std::int64_t slave_cache_rows(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return 0;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  DecodedCache decoded = decode_slave_cache(bytes.str());
  return decoded.ok ? static_cast<std::int64_t>(decoded.entries.size()) : 0;
}

std::map<std::string, CacheBacklog> slave_cache_backlog(const std::string& cache_dir,
                                                        const std::vector<std::string>& slaves) {
  namespace fs = std::filesystem;
  std::map<std::string, CacheBacklog> out;
  for (const auto& s : slaves) out[s];
  std::error_code ec;
  fs::recursive_directory_iterator it(cache_dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string name = it->path().filename().string();
    if (!name.ends_with(".slave_cache")) continue;
    // The longest slave name that fits: "a.b.boomer.slave_cache" is boomer's, not b.boomer's
    // unless b.boomer is a slave too.
    std::string owner;
    for (const auto& s : slaves) {
      const std::string suffix = "." + s + ".slave_cache";
      if (name.size() > suffix.size() && name.ends_with(suffix) && s.size() > owner.size())
        owner = s;
    }
    if (owner.empty()) continue;
    struct stat st {};
    if (::stat(it->path().c_str(), &st) != 0 || st.st_size == 0) continue;  // a writer's new file
    CacheBacklog& b = out[owner];
    ++b.files;
    b.bytes += st.st_size;
    b.rows += slave_cache_rows(it->path().string());
    b.newest = std::max<std::int64_t>(b.newest, st.st_mtime);
  }
  return out;
}

}  // namespace smokeping::protocol
