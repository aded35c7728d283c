// A small SMTP client for `mailhost`: plain SMTP (no TLS), AUTH PLAIN when a user and password
// are configured, one message to all recipients.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace smokeping::alerts::detail {

struct SmtpResult {
  enum class Status {
    sent,
    no_connection,  // no host of the list answered: the caller falls back to sendmail
    failed,         // a server took the connection and then refused or broke off
  };
  Status status = Status::no_connection;
  std::string error;
};

// `hosts`: "host" or "host:port" (port 25 by default), tried in order.
SmtpResult send_smtp(const std::vector<std::string>& hosts, const std::string& user,
                     const std::string& password, const std::string& from,
                     const std::vector<std::string>& recipients, const std::string& message,
                     std::chrono::milliseconds timeout);

}  // namespace smokeping::alerts::detail
