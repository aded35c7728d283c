#include "smokeping/daemon/privileges.hpp"

#include <fmt/format.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace smokeping::daemon {

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(
      fmt::format("cannot switch to the user: {}: {}", what, std::strerror(errno)));
}

// Only CAP_NET_RAW, effective and permitted; glibc has no wrapper and libcap is not worth a
// dependency for one call.
void keep_only_net_raw() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  data[0].effective = data[0].permitted = 1u << CAP_NET_RAW;
  if (::syscall(SYS_capset, &header, data) != 0) fail("capset");
}

}  // namespace

void drop_to_user(const std::string& user) {
  errno = 0;
  const passwd* pw = ::getpwnam(user.c_str());
  if (!pw) {
    if (errno == 0) errno = ENOENT;
    fail("unknown user " + user);
  }
  if (::geteuid() != 0) {
    if (::geteuid() == pw->pw_uid) return;
    errno = EPERM;
    fail("only root can switch to " + user);
  }
  if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) fail("prctl(PR_SET_KEEPCAPS)");
  if (::setgroups(0, nullptr) != 0) fail("setgroups");
  if (::setgid(pw->pw_gid) != 0) fail("setgid");
  if (::setuid(pw->pw_uid) != 0) fail("setuid");
  keep_only_net_raw();
  ::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
}

}  // namespace smokeping::daemon
