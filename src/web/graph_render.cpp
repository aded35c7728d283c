// Drawing graph calls with librrd into the image cache; see src/web/detail/graph_render.hpp.
#include "src/web/detail/graph_render.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <system_error>

#include "smokeping/store/rrd_graph.hpp"

namespace smokeping::web::detail {

namespace {

class Fnv1a {
 public:
  void add(std::string_view s) {
    for (unsigned char c : s) {
      hash_ ^= c;
      hash_ *= 1099511628211ULL;
    }
    hash_ ^= 0xff;  // a separator no text byte sequence can imitate
    hash_ *= 1099511628211ULL;
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 14695981039346656037ULL;
};

// The arguments an image depends on; the last one is the date comment, which changes every
// second without changing what the graph shows.
std::uint64_t args_signature(const GraphCall& call) {
  Fnv1a h;
  for (std::size_t i = 0; i + 1 < call.args.size(); ++i) h.add(call.args[i]);
  return h.value();
}

// What the RRD files look like now; nullopt when one cannot be looked at (then draw, and let
// librrd say what is wrong).
std::optional<std::uint64_t> data_state(const std::vector<std::string>& rrds) {
  Fnv1a h;
  for (const auto& rrd : rrds) {
    struct stat st {};
    if (::stat(rrd.c_str(), &st) != 0) return std::nullopt;
    h.add(rrd);
    h.add(fmt::format("{}.{:09} {}", st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_size));
  }
  return h.value();
}

// The record in "<image>.lock": what the image was drawn from, and its size.
struct Record {
  std::uint64_t signature = 0, state = 0;
  int width = 0, height = 0;
};

std::optional<Record> read_record(int fd) {
  char buffer[128] = {};
  ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0) return std::nullopt;
  Record r;
  unsigned long long sig = 0, state = 0;
  if (std::sscanf(buffer, "v1 %llx %llx %d %d", &sig, &state, &r.width, &r.height) != 4)
    return std::nullopt;
  r.signature = sig;
  r.state = state;
  return r;
}

void write_record(int fd, const Record& r) {
  const std::string text =
      fmt::format("v1 {:x} {:x} {} {}\n", r.signature, r.state, r.width, r.height);
  if (::ftruncate(fd, 0) != 0) return;  // a stale record only costs a redraw
  [[maybe_unused]] ssize_t n = ::pwrite(fd, text.data(), text.size(), 0);
}

// The whole image into place: written aside, then renamed, so readers see old or new.
std::string write_image(const std::string& file, const std::string& bytes) {
  const std::string tmp = fmt::format("{}.tmp{}", file, ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(tmp);
      return fmt::format("Could not write '{}': {}", file, std::strerror(errno));
    }
  }
  if (std::rename(tmp.c_str(), file.c_str()) != 0) {
    std::string error = fmt::format("Could not write '{}': {}", file, std::strerror(errno));
    std::filesystem::remove(tmp);
    return error;
  }
  return {};
}

// The call with its image sent to memory ("-") instead of the file.
std::vector<std::string> in_memory_args(const GraphCall& call) {
  std::vector<std::string> args = call.args;
  // rrd_graph_v takes the first non-option as the file; put "-" first in its place.
  args.erase(args.begin() + static_cast<std::ptrdiff_t>(call.file_index));
  args.insert(args.begin(), "-");
  return args;
}

Rendered draw(const GraphCall& call) {
  store::GraphOutput out = store::graph(in_memory_args(call));
  Rendered r;
  if (!out.ok()) {
    r.error = out.error;
    return r;
  }
  r.error = write_image(call.args.at(call.file_index), out.image);
  r.width = out.width;
  r.height = out.height;
  r.drawn = true;
  return r;
}

// One mutex per image file, for the life of the process: the in-process half of "draw once".
std::shared_ptr<std::mutex> file_mutex(const std::string& file) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::shared_ptr<std::mutex>> registry;
  std::lock_guard lock(registry_mutex);
  auto& slot = registry[file];
  if (!slot) slot = std::make_shared<std::mutex>();
  return slot;
}

class FileLock {
 public:
  explicit FileLock(const std::string& path)
      : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0) {
      while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
      }
    }
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::vector<std::string> def_files(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  for (const auto& arg : args) {
    if (!arg.starts_with("DEF:")) continue;
    std::size_t eq = arg.find('=');
    std::size_t cf = arg.rfind(':');
    std::size_t ds =
        cf == std::string::npos || cf == 0 ? std::string::npos : arg.rfind(':', cf - 1);
    if (eq == std::string::npos || ds == std::string::npos || ds <= eq) continue;
    std::string file = arg.substr(eq + 1, ds - eq - 1);
    if (std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
  }
  return files;
}

Rendered render_cached(const GraphCall& call, std::int64_t now, std::int64_t max_age) {
  const std::string& file = call.args.at(call.file_index);
  auto mutex = file_mutex(file);
  std::lock_guard in_process(*mutex);
  FileLock lock(file + ".lock");
  if (lock.fd() < 0) return draw(call);  // no lock file possible: still draw, just not once

  const bool daemon = std::getenv("RRDCACHED_ADDRESS") != nullptr;
  const std::uint64_t signature = args_signature(call);
  const std::optional<std::uint64_t> state = data_state(def_files(call.args));
  const std::optional<Record> record = read_record(lock.fd());
  struct stat image {};
  const bool have_image = ::stat(file.c_str(), &image) == 0;
  if (!daemon && state && record && have_image && record->signature == signature &&
      record->state == *state && now - image.st_mtim.tv_sec < max_age) {
    return Rendered{{}, record->width, record->height, false};
  }
  Rendered r = draw(call);
  if (r.error.empty()) {
    write_record(lock.fd(), Record{signature, state.value_or(0), r.width, r.height});
  }
  return r;
}

Rendered render_always(const GraphCall& call) { return draw(call); }

InMemory render_in_memory(const GraphCall& call) {
  store::GraphOutput out = store::graph(in_memory_args(call));
  return InMemory{out.error, std::move(out.image), out.width, out.height};
}

Printed run_pre_pass(const GraphCall& call) {
  store::GraphOutput out = store::graph(call.args);
  return Printed{out.error, std::move(out.prints)};
}

void make_cache_dirs(const std::string& imgcache, const std::vector<std::string>& dirs) {
  std::string rel;
  for (const auto& d : dirs) {
    rel += "/" + d;
    const std::string path = imgcache + rel;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    int saved = 0;
    if (::mkdir(path.c_str(), 0755) != 0) saved = errno;
    if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      throw std::runtime_error(fmt::format("ERROR: creating  {}{}: {}", imgcache, rel,
                                           std::strerror(saved ? saved : ENOTDIR)));
    }
  }
}

void remove_stale_images(const std::string& dir, const std::string& ext, std::int64_t now) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with("." + ext)) continue;
    struct stat st {};
    if (::stat(entry.path().c_str(), &st) == 0 && now - st.st_mtim.tv_sec > 3600) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

}  // namespace smokeping::web::detail
