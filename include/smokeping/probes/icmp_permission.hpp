// Whether this process may send ICMP echo requests, checked once at start so the daemon can
// refuse clearly instead of logging a failure every round.
#pragma once

#include <optional>
#include <string>

namespace smokeping::probes {

// nullopt when a raw ICMP socket of `family` (AF_INET or AF_INET6) can be opened, else a
// message saying what is missing.
std::optional<std::string> icmp_permission_problem(int family);

}  // namespace smokeping::probes
