#include "smokeping/uplink/spool.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "smokeping/protocol/storable.hpp"
#include "src/uplink/detail/spool_format.hpp"

namespace smokeping::uplink {

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string> list_dir(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) fail("open spool directory " + dir);
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(d)) names.emplace_back(e->d_name);
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return bytes.str();
}

void sync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("open " + dir);
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) fail("fsync " + dir);
}

// Writes `bytes` to a new file and makes them durable before returning.
void write_durably(const std::string& path, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) fail("create " + path);
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = errno;
      ::close(fd);
      ::unlink(path.c_str());
      errno = saved;
      fail("write " + path);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int saved = errno;
    ::unlink(path.c_str());
    errno = saved;
    fail("fsync " + path);
  }
}

bool is_original_cache(std::string_view name) {
  return name.substr(0, 4) == "data" && ends_with(name, ".cache");
}

}  // namespace

Spool::Spool(std::string dir, SpoolLimits limits, std::shared_ptr<spdlog::logger> log,
             std::int64_t now)
    : dir_(std::move(dir)), limits_(limits), log_(std::move(log)) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names = list_dir(dir_);
  // Sequence numbers stay unique across quarantined and half-written files too.
  for (const std::string& name : names) {
    for (auto suffix : {detail::kRoundSuffix, detail::kTemporarySuffix}) {
      std::string_view base = name;
      if (ends_with(base, detail::kCorruptSuffix))
        base.remove_suffix(detail::kCorruptSuffix.size());
      if (auto parsed = detail::parse_round_name(base, suffix)) {
        next_seq_ = std::max(next_seq_, parsed->seq + 1);
      }
    }
  }
  for (const std::string& name : names) {
    if (detail::parse_round_name(name, detail::kTemporarySuffix)) recover_temporary(name);
  }
  for (const std::string& name : list_dir(dir_)) {
    if (detail::parse_round_name(name, detail::kRoundSuffix)) index_file(name);
  }
  for (const std::string& name : names) {
    if (is_original_cache(name)) import_original_cache(name, now);
  }
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return a.seq < b.seq; });
  apply_limits(now);
  if (!entries_.empty()) {
    SpoolTotals t;
    for (const Entry& e : entries_) t.lines += e.lines;
    log_->info("spool holds unsent rounds dir={} rounds={} lines={}", dir_, entries_.size(),
               t.lines);
  }
}

// A crash between writing and renaming leaves a temporary file. When it is complete (the
// checksum says so) it is the round it was meant to be; otherwise it never was one.
void Spool::recover_temporary(const std::string& file) {
  auto bytes = read_whole(path(file));
  if (bytes && detail::decode_round(*bytes)) {
    std::string final_name = file.substr(0, file.size() - detail::kTemporarySuffix.size()) +
                             std::string(detail::kRoundSuffix);
    if (::rename(path(file).c_str(), path(final_name).c_str()) != 0) {
      fail("rename " + path(file));
    }
    sync_dir(dir_);
    log_->info("spool recovered a round written before a crash file={}", final_name);
    return;
  }
  ::unlink(path(file).c_str());
  log_->warn("spool removed a round file torn by a crash file={}", file);
}

void Spool::index_file(const std::string& file) {
  auto name = detail::parse_round_name(file, detail::kRoundSuffix);
  struct stat st {};
  if (!name || ::stat(path(file).c_str(), &st) != 0) return;
  std::ifstream in(path(file), std::ios::binary);
  std::string first;
  std::getline(in, first);
  auto header = detail::decode_header(first + "\n");
  if (!header) {
    quarantine(file, "its header is not a spool header");
    return;
  }
  entries_.push_back(
      Entry{file, name->seq, name->time, header->lines, static_cast<std::uint64_t>(st.st_size)});
}

void Spool::import_original_cache(const std::string& file, std::int64_t now) {
  auto bytes = read_whole(path(file));
  if (!bytes) {
    log_->error("cannot read the original slave's cache file={}", path(file));
    return;
  }
  protocol::storable::ReadResult read = protocol::storable::read(*bytes);
  std::vector<std::string> lines;
  bool usable = read.ok;
  for (const auto& item : read.root.items) {
    bool line = item.kind == protocol::storable::Value::Kind::scalar &&
                item.text.find_first_of("\r\n") == std::string::npos;
    if (line) lines.push_back(item.text);
    usable = usable && line;
  }
  if (!usable) {
    quarantine(file, read.ok ? "it holds something other than result lines" : read.error);
    return;
  }
  std::int64_t time = now;
  for (const auto& line : lines) {
    if (auto t = detail::line_time(line)) time = std::min(time, *t);
  }
  store(lines, time);
  ::unlink(path(file).c_str());
  log_->info("spool imported the original slave's cache file={} lines={}", file, lines.size());
}

void Spool::add(const std::vector<std::string>& lines, std::int64_t time, std::int64_t now) {
  for (const std::string& line : lines) {
    if (line.find_first_of("\r\n") != std::string::npos) {
      throw std::invalid_argument("spool: a result line holds a line break");
    }
  }
  std::lock_guard lock(mutex_);
  store(lines, time);
  apply_limits(now);
}

void Spool::store(const std::vector<std::string>& lines, std::int64_t time) {
  if (lines.empty()) return;
  detail::RoundName name{next_seq_, time};
  std::string bytes = detail::encode_round(lines);
  std::string temporary = detail::round_name(name, detail::kTemporarySuffix);
  std::string final_name = detail::round_name(name);
  write_durably(path(temporary), bytes);
  if (::rename(path(temporary).c_str(), path(final_name).c_str()) != 0) {
    int saved = errno;
    ::unlink(path(temporary).c_str());
    errno = saved;
    fail("rename " + path(temporary));
  }
  sync_dir(dir_);
  ++next_seq_;
  entries_.push_back(Entry{final_name, name.seq, time, lines.size(), bytes.size()});
}

void Spool::apply_limits(std::int64_t now) {
  std::int64_t oldest_kept = now - limits_.max_age.count();
  std::uint64_t total = 0;
  for (const Entry& e : entries_) total += e.bytes;
  std::size_t dropped_rounds = 0, dropped_lines = 0;
  const char* reason = nullptr;
  while (!entries_.empty()) {
    const Entry& oldest = entries_.front();
    if (oldest.time < oldest_kept) {
      reason = "max-age";
    } else if (total > limits_.max_bytes) {
      reason = "max-size";
    } else {
      break;
    }
    ::unlink(path(oldest.file).c_str());
    total -= oldest.bytes;
    ++dropped_rounds;
    dropped_lines += oldest.lines;
    entries_.erase(entries_.begin());
  }
  if (dropped_rounds > 0) {
    log_->warn(
        "spool limit reached, oldest results dropped rounds={} lines={} limit={} max_age={}s "
        "max_bytes={}",
        dropped_rounds, dropped_lines, reason, limits_.max_age.count(), limits_.max_bytes);
  }
}

std::vector<SpooledRound> Spool::pending() {
  std::lock_guard lock(mutex_);
  std::vector<SpooledRound> rounds;
  std::vector<std::string> bad;
  for (const Entry& e : entries_) {
    auto bytes = read_whole(path(e.file));
    auto lines = bytes ? detail::decode_round(*bytes) : std::nullopt;
    if (!lines) {
      bad.push_back(e.file);
      continue;
    }
    rounds.push_back(SpooledRound{e.file, e.seq, e.time, std::move(*lines)});
  }
  for (const std::string& file : bad) quarantine(file, "it does not read back as written");
  return rounds;
}

void Spool::quarantine(const std::string& file, const std::string& why) {
  std::string target = file + std::string(detail::kCorruptSuffix);
  if (::rename(path(file).c_str(), path(target).c_str()) != 0) ::unlink(path(file).c_str());
  std::erase_if(entries_, [&](const Entry& e) { return e.file == file; });
  log_->error("spool file set aside, its results will not be sent file={} reason={}", target, why);
}

void Spool::remove(const std::vector<std::string>& files) {
  std::lock_guard lock(mutex_);
  for (const std::string& file : files) {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return e.file == file; });
    if (it == entries_.end()) continue;
    if (::unlink(path(file).c_str()) != 0 && errno != ENOENT) {
      log_->error("cannot remove a delivered round file={} error={}", path(file),
                  std::strerror(errno));
    }
    entries_.erase(it);
  }
}

SpoolTotals Spool::totals() const {
  std::lock_guard lock(mutex_);
  SpoolTotals t;
  for (const Entry& e : entries_) {
    ++t.rounds;
    t.lines += e.lines;
    t.bytes += e.bytes;
  }
  return t;
}

}  // namespace smokeping::uplink
