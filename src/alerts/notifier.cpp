#include "smokeping/alerts/notifier.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "smokeping/alerts/message.hpp"
#include "src/alerts/detail/comma_list.hpp"
#include "src/alerts/detail/smtp.hpp"
#include "src/alerts/detail/spawn.hpp"

namespace smokeping::alerts {

namespace {

constexpr const char* kDefaultSendmail = "/usr/lib/sendmail";

}  // namespace

MailSettings MailSettings::from(const config::General& general) {
  return {general.mailhost, general.mailuser, general.mailpass, general.sendmail};
}

Notifier::Notifier(std::shared_ptr<spdlog::logger> log, NotifierOptions options)
    : log_(std::move(log)), options_(options), worker_([this] { run(); }) {}

Notifier::~Notifier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void Notifier::send(Event event, MailSettings mail) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= options_.max_queue) {
      log_->error("alert not sent, notification queue full alert={} target={} queued={}",
                  event.alert, event.line, queue_.size());
      return;
    }
    queue_.emplace_back(std::move(event), std::move(mail));
  }
  wake_.notify_one();
}

void Notifier::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void Notifier::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stopping, and nothing left
    auto [event, mail] = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    try {
      deliver(event, mail);
    } catch (const std::exception& e) {
      log_->error("alert notification failed alert={} target={} error={}", event.alert, event.line,
                  e.what());
    }
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
  idle_.notify_all();
}

void Notifier::deliver(const Event& event, const MailSettings& mail) const {
  bool has_mail = false;
  for (const auto& r : event.recipients) {
    if (r.size() > 1 && r[0] == '|') {
      auto result =
          detail::run_program(pipe_argv(event, r.substr(1)), std::nullopt, options_.timeout);
      if (!result.ok()) {
        log_->error("alert program failed alert={} target={} program={} result=\"{}\"", event.alert,
                    event.line, r.substr(1), detail::describe(result));
      }
    } else if (r.starts_with("snpp:") || r.starts_with("xmpp:")) {
      log_->warn("alert not sent: {} notification is not supported alert={} target={} to={}",
                 r.substr(0, 4), event.alert, event.line, r);
    } else {
      has_mail = true;
    }
  }
  if (has_mail) send_mail(event, mail);
}

void Notifier::send_mail(const Event& event, const MailSettings& mail) const {
  std::vector<std::string> to_list;
  for (const auto& r : event.recipients) {
    if (!(r.size() > 1 && r[0] == '|') && !r.starts_with("snpp:") && !r.starts_with("xmpp:")) {
      to_list.push_back(r);
    }
  }
  std::string to;
  for (const auto& r : to_list) to += (to.empty() ? "" : ",") + r;
  std::string message = mail_message(event, to);
  std::vector<std::string> addresses = mail_recipients(event);
  if (!mail.mailhost.empty()) {
    auto sent =
        detail::send_smtp(detail::split_comma_list(mail.mailhost), mail.mailuser, mail.mailpass,
                          event.from, addresses, message, options_.smtp_timeout);
    if (sent.status == detail::SmtpResult::Status::sent) return;
    if (sent.status == detail::SmtpResult::Status::failed) {
      log_->error("alert mail failed alert={} target={} to={} error=\"{}\"", event.alert,
                  event.line, to, sent.error);
      return;
    }
    log_->warn("alert mail: no mail host answered, trying sendmail mailhost={}", mail.mailhost);
  }
  std::string program = mail.sendmail;
  if (program.empty() && ::access(kDefaultSendmail, X_OK) == 0) program = kDefaultSendmail;
  if (program.empty()) {
    log_->error("ERROR: not sending mail to {}, as all methods failed", to);
    return;
  }
  std::vector<std::string> argv{program, "-f", event.from};
  argv.insert(argv.end(), addresses.begin(), addresses.end());
  auto result = detail::run_program(argv, message, options_.timeout);
  if (!result.ok()) {
    log_->error("alert mail failed alert={} target={} program={} result=\"{}\"", event.alert,
                event.line, program, detail::describe(result));
  }
}

}  // namespace smokeping::alerts
