#include "smokeping/daemon/dynamic_host_line.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "smokeping/core/unique_fd.hpp"

namespace smokeping::daemon {

namespace {

// Perl's \s in the original's pattern, minus LF (a line never holds one here).
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view skip_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  return s;
}

bool consume(std::string_view& s, std::string_view word) {
  if (!s.starts_with(word)) return false;
  s.remove_prefix(word.size());
  return true;
}

std::string error_text(int err) { return std::strerror(err); }

using Fd = core::UniqueFd;

bool read_all(int fd, std::string& out) {
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string directory_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The byte range of line `line` (1-based) without its LF, or npos when the file is shorter.
std::pair<std::size_t, std::size_t> line_range(const std::string& text, int line) {
  if (line < 1) return {std::string::npos, 0};
  std::size_t begin = 0;
  for (int n = 1; n < line; ++n) {
    std::size_t nl = text.find('\n', begin);
    if (nl == std::string::npos) return {std::string::npos, 0};
    begin = nl + 1;
  }
  if (begin >= text.size()) return {std::string::npos, 0};
  std::size_t end = text.find('\n', begin);
  return {begin, end == std::string::npos ? text.size() : end};
}

}  // namespace

bool is_dynamic_host_line(std::string_view line) {
  std::string_view s = skip_blanks(line);
  if (!consume(s, "host")) return false;
  s = skip_blanks(s);
  if (!consume(s, "=")) return false;
  s = skip_blanks(s);
  if (!consume(s, "DYNAMIC")) return false;
  return skip_blanks(s).empty();
}

std::string dynamic_host_line(std::string_view line, std::string_view digest) {
  std::size_t indent = 0;
  while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
  return fmt::format("{}host = DYNAMIC/{}", line.substr(0, indent), digest);
}

std::variant<PendingLineRewrite, PendingLineRewrite::Refusal> PendingLineRewrite::prepare(
    const std::string& file, int line, std::string_view digest) {
  auto refuse = [&](std::string why) { return Refusal{fmt::format("{}: {}", file, why)}; };
  std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(file.c_str(), nullptr),
                                                       &std::free);
  if (!resolved) return refuse(error_text(errno));
  std::string real = resolved.get();

  Fd in(::open(real.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (in.get() < 0 || ::fstat(in.get(), &st) != 0) return refuse(error_text(errno));
  if (!S_ISREG(st.st_mode)) return refuse("not a regular file");
  std::string text;
  if (!read_all(in.get(), text)) return refuse(error_text(errno));
  Identity identity{st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};

  auto [begin, end] = line_range(text, line);
  if (begin == std::string::npos) return refuse(fmt::format("has no line {}", line));
  std::string_view old_line(text.data() + begin, end - begin);
  bool crlf = old_line.ends_with('\r');
  if (crlf) old_line.remove_suffix(1);
  if (!is_dynamic_host_line(old_line)) {
    return refuse(fmt::format("line {} is not of the form 'host = DYNAMIC'", line));
  }
  std::string rewritten = text.substr(0, begin) + dynamic_host_line(old_line, digest) +
                          (crlf ? "\r" : "") + text.substr(end);

  std::string base = real.substr(real.rfind('/') + 1);
  std::string temp_name = directory_of(real) + "/." + base + ".email.XXXXXX";
  Fd out(::mkostemp(temp_name.data(), O_CLOEXEC));
  if (out.get() < 0) {
    return refuse(
        fmt::format("cannot create a copy in {}: {}", directory_of(real), error_text(errno)));
  }
  // From here on the copy exists; this guard removes it unless it is handed on.
  PendingLineRewrite pending(real, temp_name, identity);
  auto fail = [&](const char* what) {
    return refuse(fmt::format("{} {}: {}", what, temp_name, error_text(errno)));
  };
  struct stat made {};
  if (!write_all(out.get(), rewritten)) return fail("cannot write");
  if (::fchmod(out.get(), st.st_mode & 07777) != 0) return fail("cannot set the mode of");
  if (::fstat(out.get(), &made) != 0) return fail("cannot stat");
  if (made.st_uid != st.st_uid || made.st_gid != st.st_gid) {
    if (::fchown(out.get(), st.st_uid, st.st_gid) != 0) {
      return refuse(fmt::format("cannot give the new copy the owner {}:{} of the file: {}",
                                st.st_uid, st.st_gid, error_text(errno)));
    }
    // chown may clear set-id bits; put the mode back as it was.
    if (::fchmod(out.get(), st.st_mode & 07777) != 0) return fail("cannot set the mode of");
  }
  if (::fsync(out.get()) != 0) return fail("cannot sync");
  if (!out.close()) return fail("cannot close");
  return pending;
}

PendingLineRewrite::PendingLineRewrite(std::string file, std::string temp, Identity read)
    : file_(std::move(file)), temp_(std::move(temp)), read_(read) {}

PendingLineRewrite::PendingLineRewrite(PendingLineRewrite&& other) noexcept
    : file_(std::move(other.file_)), temp_(std::move(other.temp_)), read_(other.read_) {
  other.temp_.clear();
}

PendingLineRewrite::~PendingLineRewrite() {
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

std::variant<std::monostate, PendingLineRewrite::Refusal> PendingLineRewrite::commit() {
  struct stat now {};
  if (::stat(file_.c_str(), &now) != 0) {
    return Refusal{fmt::format("{}: {}", file_, error_text(errno))};
  }
  Identity current{now.st_dev, now.st_ino, now.st_size, now.st_mtim.tv_sec, now.st_mtim.tv_nsec};
  if (current != read_) {
    return Refusal{fmt::format("{}: changed by someone else meanwhile; not replaced", file_)};
  }
  if (::rename(temp_.c_str(), file_.c_str()) != 0) {
    return Refusal{fmt::format("{}: cannot replace it: {}", file_, error_text(errno))};
  }
  temp_.clear();
  // The rename itself must survive a crash too.
  Fd dir(::open(directory_of(file_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
  return std::monostate{};
}

}  // namespace smokeping::daemon
