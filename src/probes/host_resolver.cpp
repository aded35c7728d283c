#include "host_resolver.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace smokeping::probes {

namespace {

// Enough to hide one slow name server behind others, few enough not to flood it.
constexpr std::size_t kMaxResolverThreads = 16;

std::optional<std::string> numeric_address(const std::string& host, int family) {
  unsigned char buf[sizeof(in6_addr)];
  if (inet_pton(family, host.c_str(), buf) != 1) return std::nullopt;
  char text[INET6_ADDRSTRLEN];
  if (inet_ntop(family, buf, text, sizeof text) == nullptr) return std::nullopt;
  return std::string(text);
}

// What the resolver threads share with the round. Held by shared_ptr because the threads are
// detached: one stuck in getaddrinfo past the deadline must not keep the round waiting, and
// std::async cannot give that (its future's destructor joins).
struct Batch {
  Batch(std::vector<std::string> n, int f, Resolver r)
      : names(std::move(n)), family(f), resolver(std::move(r)), results(names.size()) {}
  const std::vector<std::string> names;
  const int family;
  const Resolver resolver;
  std::mutex mutex;
  std::condition_variable done_cv;
  std::vector<std::optional<Resolution>> results;  // guarded by mutex
  std::size_t next = 0;                            // guarded by mutex
  std::size_t done = 0;                            // guarded by mutex
  bool abandoned = false;                          // guarded by mutex
};

void resolve_worker(std::shared_ptr<Batch> batch) {
  for (;;) {
    std::size_t i;
    {
      std::lock_guard lock(batch->mutex);
      if (batch->abandoned || batch->next == batch->names.size()) return;
      i = batch->next++;
    }
    Resolution r;
    try {
      r = batch->resolver(batch->names[i], batch->family);
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    std::lock_guard lock(batch->mutex);
    batch->results[i] = std::move(r);
    ++batch->done;
    batch->done_cv.notify_all();
  }
}

}  // namespace

Resolution resolve_with_getaddrinfo(const std::string& host, int family) {
  addrinfo hints{};
  hints.ai_family = family;
  hints.ai_socktype = SOCK_RAW;
  addrinfo* list = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
  if (rc != 0) {
    return {.address = {}, .error = rc == EAI_SYSTEM ? std::strerror(errno) : gai_strerror(rc)};
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(list, &freeaddrinfo);
  char text[NI_MAXHOST];
  // getnameinfo rather than inet_ntop: it keeps an IPv6 scope ("fe80::1%eth0").
  rc = getnameinfo(list->ai_addr, list->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST);
  if (rc != 0) return {.address = {}, .error = gai_strerror(rc)};
  return {.address = text, .error = {}};
}

std::vector<Resolution> resolve_all(const std::vector<std::string>& hosts, int family,
                                    const Resolver& resolver, std::chrono::milliseconds deadline) {
  std::vector<Resolution> out(hosts.size());
  std::map<std::string, std::vector<std::size_t>> pending;  // name -> positions in `hosts`
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    if (auto numeric = numeric_address(hosts[i], family)) {
      out[i].address = *numeric;
    } else {
      pending[hosts[i]].push_back(i);
    }
  }
  if (pending.empty()) return out;

  std::vector<std::string> names;
  for (const auto& entry : pending) names.push_back(entry.first);
  auto batch = std::make_shared<Batch>(names, family, resolver);
  std::size_t threads = std::min(kMaxResolverThreads, names.size());
  for (std::size_t t = 0; t < threads; ++t) std::thread(resolve_worker, batch).detach();

  std::vector<std::optional<Resolution>> results;
  {
    std::unique_lock lock(batch->mutex);
    batch->done_cv.wait_for(lock, deadline, [&] { return batch->done == names.size(); });
    batch->abandoned = true;
    results = batch->results;
  }
  for (std::size_t n = 0; n < names.size(); ++n) {
    Resolution r = results[n] ? *results[n] : Resolution{{}, "resolution timed out"};
    if (r.address.empty() && r.error.empty()) r.error = "no address";
    for (std::size_t i : pending[names[n]]) out[i] = r;
  }
  return out;
}

}  // namespace smokeping::probes
