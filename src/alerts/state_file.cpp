#include "smokeping/alerts/state_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

namespace smokeping::alerts {

namespace {

constexpr std::string_view kMagic = "smokeping-alertstate 1";

std::string token(const Value& v) {
  switch (v.kind) {
    case Value::Kind::start:
      return "S";
    case Value::Kind::unknown:
      return "U";
    case Value::Kind::number:
      return fmt::format("N{:.17g}", v.number);
    case Value::Kind::text:
      // A slave's odd text is kept if it is one word; otherwise it is only an unknown value.
      if (v.text.empty() || v.text.find_first_of(" \t\r\n") != std::string::npos) return "U";
      return "T" + v.text;
  }
  return "U";
}

std::optional<Value> from_token(const std::string& t) {
  if (t == "S") return Value::start();
  if (t == "U") return Value::unknown();
  if (t.size() > 1 && t[0] == 'N') {
    char* end = nullptr;
    double v = std::strtod(t.c_str() + 1, &end);
    if (*end != '\0') return std::nullopt;
    return Value::of(v);
  }
  if (t.size() > 1 && t[0] == 'T') return Value::parse(t.substr(1));
  return std::nullopt;
}

void write_all(int fd, const std::string& text, const std::string& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category(), "write " + path);
    done += static_cast<std::size_t>(n);
  }
}

std::optional<Series> parse_series(std::istringstream& words) {
  Series out;
  std::string t;
  while (words >> t) {
    auto v = from_token(t);
    if (!v) return std::nullopt;
    out.push_back(*v);
  }
  return out;
}

}  // namespace

std::string state_file_path(const std::string& datadir, const std::string& rel_path) {
  return datadir + "/" + rel_path + ".alertstate";
}

void save_state(const std::string& path, const NodeState& state) {
  std::string text(kMagic);
  text += '\n';
  for (const auto& [slave, s] : state.sources) {
    text += fmt::format("source\t{}\t{}\n", slave, s.last_time);
    for (const auto* series : {&s.history.loss, &s.history.rtt}) {
      text += series == &s.history.loss ? "loss\t" : "rtt\t";
      for (const Value& v : *series) text += token(v) + " ";
      text += '\n';
    }
    for (const auto& [alert, count] : s.prevmatch) {
      text += fmt::format("match\t{}\t{}\n", alert, count);
    }
  }
  text += "end\n";
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + tmp);
  // The data is synced before the rename, so a power cut leaves the old state or the new one,
  // never an empty file that the rename made current before its data reached the disk (ext4
  // without auto_da_alloc, xfs). The directory is not synced: losing the rename itself only
  // brings back the previous round's state, and this runs for every alerting target every
  // round on the probe's thread (one sync, ~1-3 ms, instead of two).
  try {
    write_all(fd, text, tmp);
    if (::fdatasync(fd) != 0) {
      throw std::system_error(errno, std::generic_category(), "fdatasync " + tmp);
    }
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {  // NFS reports a failed write-back here
    int e = errno;
    ::unlink(tmp.c_str());
    throw std::system_error(e, std::generic_category(), "close " + tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw std::system_error(e, std::generic_category(), "rename " + tmp);
  }
}

std::optional<NodeState> load_state(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::string line;
  if (!std::getline(in, line) || line != kMagic) return std::nullopt;
  NodeState state;
  SourceState* current = nullptr;
  bool ended = false;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string kind;
    std::getline(words, kind, '\t');
    if (kind == "end") {
      ended = true;
      break;
    }
    if (kind == "source") {
      std::string slave, time;
      std::getline(words, slave, '\t');
      std::getline(words, time);
      std::int64_t t = 0;
      auto [ptr, ec] = std::from_chars(time.data(), time.data() + time.size(), t);
      if (ec != std::errc{} || ptr != time.data() + time.size()) return std::nullopt;
      current = &state.sources[slave];
      *current = SourceState{History{}, {}, t};
      continue;
    }
    if (!current) return std::nullopt;
    if (kind == "loss" || kind == "rtt") {
      auto series = parse_series(words);
      if (!series) return std::nullopt;
      (kind == "loss" ? current->history.loss : current->history.rtt) = std::move(*series);
    } else if (kind == "match") {
      std::string alert, count;
      std::getline(words, alert, '\t');
      std::getline(words, count);
      long n = 0;
      auto [ptr, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
      if (alert.empty() || ec != std::errc{} || ptr != count.data() + count.size()) {
        return std::nullopt;
      }
      current->prevmatch[alert] = n;
    } else {
      return std::nullopt;
    }
  }
  if (!ended) return std::nullopt;  // cut short: not trusted
  for (const auto& [slave, s] : state.sources) {
    if (s.history.loss.size() != s.history.rtt.size()) return std::nullopt;
  }
  return state;
}

}  // namespace smokeping::alerts
