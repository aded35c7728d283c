// Hands one finished message to the mail system the way the original's sendmail() does: SMTP
// through `mailhost` when a host of that list answers, else the `sendmail` program. Unlike the
// alert path it reports the outcome, for callers that must know whether the mail left.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "smokeping/alerts/notifier.hpp"

namespace smokeping::alerts {

struct MailDelivery {
  enum class Status {
    sent,       // a mail host took it, or the sendmail program exited 0
    failed,     // a mail host refused it, or the sendmail program failed
    no_method,  // no mail host answered and there is no sendmail program
  };
  Status status = Status::no_method;
  std::string via;    // "smtp" or the sendmail program's path
  std::string error;  // why it was not sent
  bool ok() const { return status == Status::sent; }
};

struct MailTimeouts {
  std::chrono::milliseconds smtp{std::chrono::seconds(5)};      // per host, as the original
  std::chrono::milliseconds program{std::chrono::seconds(60)};  // the sendmail program
};

// `message` is the whole mail, headers included. `recipients` are bare addresses; sendmail
// gets them as arguments after `-f from`.
MailDelivery deliver_mail(const MailSettings& settings, const std::string& from,
                          const std::vector<std::string>& recipients, const std::string& message,
                          const MailTimeouts& timeouts = {});

}  // namespace smokeping::alerts
