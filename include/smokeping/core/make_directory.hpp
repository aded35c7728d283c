// Creating one directory below a tree that the CGI and the daemon share (dyndir).
#pragma once

#include <string>

namespace smokeping::core {

struct MadeDirectory {
  bool created = false;  // false: it was there already (or the call failed)
  int error = 0;         // errno of the mkdir; 0 on success
};

// Creates `dir` with mode 0755 less the umask, as the original does. When its parent has the
// setgid bit (a directory an admin set up for two users, e.g. dyndir www-data:smokeping 2775),
// the new directory instead gets the parent's rwx bits whatever the umask, and the kernel
// adds setgid and the parent's group: the daemon must be able to rename and delete what the
// CGI writes there, at any depth. An existing `dir` (whatever it is) is left alone and is not
// an error. Sets the process umask for the duration of that mkdir: not for a process whose
// other threads create files meanwhile.
MadeDirectory make_directory(const std::string& dir);

}  // namespace smokeping::core
