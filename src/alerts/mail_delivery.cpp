#include "smokeping/alerts/mail_delivery.hpp"

#include <unistd.h>

#include "src/alerts/detail/comma_list.hpp"
#include "src/alerts/detail/smtp.hpp"
#include "src/alerts/detail/spawn.hpp"

namespace smokeping::alerts {

namespace {

constexpr const char* kDefaultSendmail = "/usr/lib/sendmail";

}  // namespace

MailDelivery deliver_mail(const MailSettings& settings, const std::string& from,
                          const std::vector<std::string>& recipients, const std::string& message,
                          const MailTimeouts& timeouts) {
  MailDelivery result;
  std::string unanswered;
  if (!settings.mailhost.empty()) {
    auto smtp = detail::send_smtp(detail::split_comma_list(settings.mailhost), settings.mailuser,
                                  settings.mailpass, from, recipients, message, timeouts.smtp);
    result.via = "smtp";
    if (smtp.status == detail::SmtpResult::Status::sent) {
      result.status = MailDelivery::Status::sent;
      return result;
    }
    if (smtp.status == detail::SmtpResult::Status::failed) {
      // A server took the connection: the original would not try sendmail either.
      result.status = MailDelivery::Status::failed;
      result.error = smtp.error;
      return result;
    }
    unanswered = "no mail host answered (" + settings.mailhost + ")";
  }
  std::string program = settings.sendmail;
  if (program.empty() && ::access(kDefaultSendmail, X_OK) == 0) program = kDefaultSendmail;
  if (program.empty()) {
    result.status = MailDelivery::Status::no_method;
    result.error = unanswered.empty() ? "neither mailhost nor sendmail is usable"
                                      : unanswered + " and there is no sendmail program";
    return result;
  }
  std::vector<std::string> argv{program, "-f", from};
  argv.insert(argv.end(), recipients.begin(), recipients.end());
  auto run = detail::run_program(argv, message, timeouts.program);
  result.via = program;
  if (run.ok()) {
    result.status = MailDelivery::Status::sent;
  } else {
    result.status = MailDelivery::Status::failed;
    result.error =
        (unanswered.empty() ? "" : unanswered + "; ") + program + ": " + detail::describe(run);
  }
  return result;
}

}  // namespace smokeping::alerts
