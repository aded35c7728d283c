// Leaving root: the daemon runs as an ordinary user and keeps only CAP_NET_RAW, which ICMP
// needs for every round (the ICMP engine opens its raw socket per round).
#pragma once

#include <string>

namespace smokeping::daemon {

// Switches the whole process to `user` (its uid, gid, no supplementary groups) keeping only
// CAP_NET_RAW. Must run before any thread starts. Throws std::runtime_error saying why not.
void drop_to_user(const std::string& user);

}  // namespace smokeping::daemon
