// Turns the host names of one round into numeric addresses before any ping is sent. Private to
// src/probes; tests include it to inject a resolver that never touches the network.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace smokeping::probes {

struct Resolution {
  std::string address;  // numeric, as getnameinfo(NI_NUMERICHOST) writes it; empty on failure
  std::string error;    // why not, for the log
  bool ok() const { return !address.empty(); }
};

// Resolves one name for one address family (AF_INET or AF_INET6). May block for as long as the
// system resolver does.
using Resolver = std::function<Resolution(const std::string& host, int family)>;

// The system's resolver (getaddrinfo), as fping uses it: the first address of the family.
Resolution resolve_with_getaddrinfo(const std::string& host, int family);

// Resolves every host, one Resolution per input in input order. Numeric addresses are taken as
// they are; names go to `resolver` on a few detached threads, and whatever has not answered
// after `deadline` fails with "resolution timed out" (a late answer is dropped, not waited for).
std::vector<Resolution> resolve_all(const std::vector<std::string>& hosts, int family,
                                    const Resolver& resolver, std::chrono::milliseconds deadline);

}  // namespace smokeping::probes
