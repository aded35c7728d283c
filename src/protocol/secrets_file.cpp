#include "smokeping/protocol/secrets_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "smokeping/core/unique_fd.hpp"

namespace smokeping::protocol {
namespace {

// No secrets file is anywhere near this; a larger one is a mistake, not something to load.
constexpr std::size_t kMaxSecretsBytes = 1 << 20;

using Fd = core::UniqueFd;

struct Guarded {
  SecretsError error = SecretsError::none;
  int sys_errno = 0;         // cannot_open, cannot_read (0: the file is too large)
  mode_t mode = 0;           // group_or_world_access
  uid_t uid = 0, owner = 0;  // foreign_owner
  std::string text;
};

// Perl's \s on byte strings.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// open(O_NOFOLLOW) then fstat the descriptor: the checks apply to the file we read, not to
// whatever the name points at a moment later.
Guarded read_guarded(const std::string& path, std::optional<uid_t> owner) {
  Guarded g;
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    g.error = SecretsError::cannot_open;
    g.sys_errno = errno;
    return g;
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    g.error = SecretsError::cannot_read;
    g.sys_errno = errno;
    return g;
  }
  if (!S_ISREG(st.st_mode)) {
    g.error = SecretsError::not_regular;
    return g;
  }
  if ((st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) != 0) {
    g.error = SecretsError::group_or_world_access;
    g.mode = st.st_mode & 07777;
    return g;
  }
  if (owner && st.st_uid != *owner) {
    g.error = SecretsError::foreign_owner;
    g.uid = st.st_uid;
    g.owner = *owner;
    return g;
  }
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      g.error = SecretsError::cannot_read;
      g.sys_errno = errno;
      return g;
    }
    if (n == 0) break;
    g.text.append(buf, static_cast<std::size_t>(n));
    if (g.text.size() > kMaxSecretsBytes) {
      g.error = SecretsError::cannot_read;
      g.text.clear();
      return g;
    }
  }
  return g;
}

// What is wrong with the file, as a phrase after its name: "is not a regular file".
std::string problem_text(const Guarded& g) {
  switch (g.error) {
    case SecretsError::none:
      return {};
    case SecretsError::cannot_open:
      // O_NOFOLLOW's ELOOP reads "Too many levels of symbolic links"; say what it means.
      return g.sys_errno == ELOOP ? "is a symbolic link, refusing it"
                                  : fmt::format("cannot be opened: {}", std::strerror(g.sys_errno));
    case SecretsError::not_regular:
      return "is not a regular file, refusing it";
    case SecretsError::group_or_world_access:
      return fmt::format(
          "is readable or writable by group or others (mode {:04o}), refusing it; it must be "
          "mode 0600",
          g.mode);
    case SecretsError::foreign_owner:
      return fmt::format("is owned by uid {}, not by uid {} that smokeping runs as, refusing it",
                         g.uid, g.owner);
    case SecretsError::cannot_read:
      return g.sys_errno == 0 ? "is larger than 1 MiB, refusing it"
                              : fmt::format("cannot be read: {}", std::strerror(g.sys_errno));
  }
  return {};
}

}  // namespace

MasterSecrets MasterSecrets::load(const std::string& path, uid_t owner) {
  Guarded g = read_guarded(path, owner);
  MasterSecrets s;
  s.path_ = path;
  s.error_ = g.error;
  s.errno_ = g.sys_errno;
  if (g.error == SecretsError::cannot_open && g.sys_errno != ELOOP) {
    // The original's words for a file it cannot open (master-slave.md §3.2 #1).
    s.message_ = fmt::format("Opening secrets file {}: {}", path, std::strerror(g.sys_errno));
  } else if (g.error != SecretsError::none) {
    s.message_ = fmt::format("Secrets file {} {}", path, problem_text(g));
  }
  s.text_ = std::move(g.text);
  return s;
}

MasterSecrets MasterSecrets::load(const std::string& path) { return load(path, ::geteuid()); }

MasterSecrets MasterSecrets::from_text(std::string path, std::string text) {
  MasterSecrets s;
  s.path_ = std::move(path);
  s.text_ = std::move(text);
  return s;
}

std::optional<std::string> MasterSecrets::secret_for(std::string_view slave) const {
  if (!usable()) return std::nullopt;
  std::string_view text = text_;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.size() <= slave.size() || line.substr(0, slave.size()) != slave ||
        line[slave.size()] != ':')
      continue;
    std::string_view rest = line.substr(slave.size() + 1);
    std::size_t run = 0;
    while (run < rest.size() && !is_space(rest[run])) ++run;
    if (run == 0) continue;  // "name: secret" or "name:" does not match /^name:(\S+)/
    std::string secret(rest.substr(0, run));
    // The original stops at the first match and treats the Perl-false secret "0" as none.
    if (secret == "0") return std::nullopt;
    return secret;
  }
  return std::nullopt;
}

SlaveSecret read_slave_secret(const std::string& path, std::optional<uid_t> owner) {
  Guarded g = read_guarded(path, owner);
  SlaveSecret s;
  s.error = g.error;
  if (g.error != SecretsError::none) {
    s.message = fmt::format("ERROR: the shared secret file ({}) {}", path, problem_text(g));
    return s;
  }
  std::size_t eol = g.text.find('\n');
  s.secret = g.text.substr(0, eol);  // Perl's chomp of the first line: one LF, nothing else
  for (char c : s.secret) s.has_whitespace = s.has_whitespace || is_space(c);
  return s;
}

}  // namespace smokeping::protocol
