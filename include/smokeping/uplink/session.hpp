// The slave's conversation with its master (master-slave.md §2, §3.3, §5): post what the
// spool holds, read the answer, forget exactly what the master took.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "smokeping/protocol/slave_config_receive.hpp"
#include "smokeping/uplink/spool.hpp"
#include "smokeping/uplink/transport.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::uplink {

struct SessionSettings {
  std::string slave_name;
  std::string secret;       // signs `data`, checks a config's Key; never logged
  std::string master_name;  // the master for log lines (its URL without credentials)
  // A long outage fills the spool; it goes back in POSTs of about this much data, oldest
  // first, instead of one ever larger POST (§12 W5). At least one round per POST.
  std::size_t max_post_bytes = 4 * 1024 * 1024;
  // Where we remember that this master signs its answers (docs/protocol-auth.md): from then
  // on an unsigned answer is refused. "" keeps that memory for the Session's life only.
  std::string answer_pin_file = {};
  // Our clock for auth_ts, Unix seconds; the system clock when unset.
  std::function<std::int64_t()> clock = {};
};

struct DeliveryReport {
  bool all_delivered = false;  // the spool held nothing more when the session stopped
  std::size_t posts = 0, rounds = 0, lines = 0;  // what the master took
  std::string failure;                           // why the last POST failed, "" if none did
  // The newest config that came back (its data counted as delivered).
  std::optional<protocol::ReceivedConfig> config;
};

class Session {
 public:
  Session(SessionSettings settings, Transport& transport, Spool& spool,
          std::shared_ptr<spdlog::logger> log);

  // Posts the spooled rounds, oldest first, until all are delivered or a POST fails (the
  // rest stays for the next call). `config_time` is the `__last` of the config the slave
  // runs, 0 to ask for one; `min_last` the oldest `__last` accepted in reply. With nothing
  // spooled there is no POST unless `even_if_empty` (a config request with empty data).
  // Every POST is signed (auth_* fields); an answer's Auth-Key, once seen, is required.
  DeliveryReport deliver(std::int64_t config_time, std::int64_t min_last, bool even_if_empty);

 private:
  SessionSettings settings_;
  Transport& transport_;
  Spool& spool_;
  std::shared_ptr<spdlog::logger> log_;
  bool master_signs_ = false;  // pinned: answers without a valid Auth-Key are refused

  void pin_master();
  // Whether the pin file names our master. Only a missing file means "not pinned"; a file we
  // cannot read keeps the pin (and is logged as an error).
  bool read_pin() const;
  // Writes the pin (temp file, fsync, rename, fsync of the directory); false with errno set.
  bool write_pin() const;
};

}  // namespace smokeping::uplink
