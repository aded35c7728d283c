#include "smokeping/core/make_directory.hpp"

#include <sys/stat.h>

#include <cerrno>

namespace smokeping::core {
namespace {

std::string parent_of(const std::string& dir) {
  std::string trimmed = dir;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  const std::size_t slash = trimmed.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return trimmed.substr(0, slash);
}

// What a plain directory gets before the umask, as the original's mkdir calls.
constexpr mode_t kPlainMode = 0755;

}  // namespace

MadeDirectory make_directory(const std::string& dir) {
  MadeDirectory out;
  struct stat parent {};
  const bool shared = ::stat(parent_of(dir).c_str(), &parent) == 0 && (parent.st_mode & S_ISGID);
  int rc;
  if (!shared) {
    rc = ::mkdir(dir.c_str(), kPlainMode);
  } else {
    // A chmod after the mkdir cannot do this: the kernel clears setgid when the caller (the
    // CGI) is not in the directory's group (the daemon's), and without setgid the next level
    // down would get the CGI's group. So the bits go into the mkdir itself, with the umask
    // lifted for that one call (as the original's make_cgi_directories does); the kernel adds
    // setgid and the parent's group. The umask is the process's: only the CGI, which has one
    // thread, makes directories.
    const mode_t bits = parent.st_mode & (S_IRWXU | S_IRWXG | S_IRWXO);
    const mode_t saved = ::umask(0);
    rc = ::mkdir(dir.c_str(), bits);
    const int mkdir_errno = errno;
    ::umask(saved);
    errno = mkdir_errno;
  }
  if (rc != 0) {
    if (errno != EEXIST) out.error = errno;
    return out;
  }
  out.created = true;
  return out;
}

}  // namespace smokeping::core
