#include "src/web/detail/dynamic_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "smokeping/core/make_directory.hpp"
#include "smokeping/core/unique_fd.hpp"

namespace smokeping::web::detail {
namespace {

using Fd = core::UniqueFd;

std::string failure(std::string_view what, const std::string& file, int error) {
  return "Error " + std::string(what) + " " + file + ": " + std::strerror(error);
}

// The first line of `file` without its newline, or "" when it is missing, empty or unreadable
// (the original then writes the file again).
std::string first_line(const std::string& file) {
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) return {};
  char buffer[256];  // an address is far shorter; a longer line is simply "different"
  ssize_t n;
  do {
    n = ::read(fd.get(), buffer, sizeof buffer);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return {};
  std::string text(buffer, static_cast<std::size_t>(n));
  return text.substr(0, text.find('\n'));
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) errno = EIO;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Writes `bytes` to <file>.new, syncs it and renames it over `file`; "" or an error text.
std::string replace_file(const std::string& file, std::string_view bytes) {
  const std::string temp = file + ".new";
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (fd.get() < 0) return failure("writing", temp, errno);
  if (!write_all(fd.get(), bytes) || ::fsync(fd.get()) != 0 || !fd.close()) {
    const int error = errno;
    ::unlink(temp.c_str());
    return failure("writing", temp, error);
  }
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return failure("renaming", temp, error);
  }
  return {};
}

}  // namespace

DynamicBase make_dynamic_dirs(const std::string& dyndir, const std::vector<std::string>& path) {
  DynamicBase result{dyndir, {}};
  for (std::size_t i = 0; i < path.size(); ++i) {
    result.base += "/" + path[i];
    if (i + 1 == path.size()) break;
    if (const core::MadeDirectory made = core::make_directory(result.base); made.error != 0) {
      result.error = failure("creating", result.base, made.error);
      return result;
    }
  }
  return result;
}

AddressWrite record_address(const std::string& base, std::string_view address) {
  const std::string file = base + ".adr";
  if (first_line(file) == address) return {};
  std::string error = replace_file(file, std::string(address) + "\n");
  return {error.empty(), std::move(error)};
}

std::string record_snmp(const std::string& base, std::string_view ident) {
  return replace_file(base + ".snmp", std::string(ident) + "\n");
}

std::string forget_snmp(const std::string& base) {
  const std::string file = base + ".snmp";
  if (::unlink(file.c_str()) != 0 && errno != ENOENT) return failure("removing", file, errno);
  return {};
}

}  // namespace smokeping::web::detail
