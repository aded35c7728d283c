// The master's memory of signed posts (docs/protocol-auth.md): per slave, the nonces it
// accepted within the time window, so that a captured post cannot be played again, and, by the
// file's mere existence, the pin that refuses unsigned (protocol-2-only) posts from a slave
// that has once signed. Plain-CGI processes run concurrently, so each file is flock'd.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smokeping/protocol/auth_signature.hpp"

namespace smokeping::protocol {

enum class ReplayVerdict {
  recorded,  // new nonce, now remembered (and the slave pinned)
  replayed,  // the nonce was accepted before: refuse the post
  full,      // the file holds max_entries live nonces already: refuse, keep the file as it is
  failed,    // the directory or file could not be used: refuse, retry later
};

struct ReplayResult {
  ReplayVerdict verdict = ReplayVerdict::failed;
  std::string error;  // with failed: which file and why
};

class ReplayStore {
 public:
  // `dir` is `<dyndir>/.replay` (created 0700 on first use, with any missing parents). Entries
  // older than `window` seconds are pruned on every write; at most `max_entries` are kept. The
  // window must not be shorter than the one check_post_auth accepts auth_ts in, or a pruned
  // nonce could be replayed while its post is still fresh.
  explicit ReplayStore(std::string dir, std::int64_t window = kAuthWindowSeconds,
                       std::size_t max_entries = 4096);

  // The file of `slave`: bytes other than [A-Za-z0-9_-] and a leading dot are written %XX, so
  // that no name leaves the directory.
  std::string file_for(std::string_view slave) const;

  // Whether `slave` has once posted a signed post that was accepted.
  bool pinned(std::string_view slave) const;

  // Remembers `nonce` (of a post signed at `ts`) unless it is already known; `now` is our clock.
  // `recorded` is returned only once the file is on disk (fdatasync), so that a crash right
  // after the answer cannot forget the nonce.
  ReplayResult record(std::string_view slave, std::string_view nonce, std::int64_t ts,
                      std::int64_t now) const;

 private:
  std::string dir_;
  std::int64_t window_;
  std::size_t max_entries_;
};

}  // namespace smokeping::protocol
