// Sends alert events off the probe threads: one worker thread works through a bounded queue;
// each program or mail gets a deadline, and a failure is logged, never thrown back.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "smokeping/alerts/event.hpp"
#include "smokeping/config/model.hpp"

namespace spdlog {
class logger;
}

namespace smokeping::alerts {

// How mail leaves this machine (General section): SMTP to `mailhost` when set and reachable,
// else the `sendmail` program (default /usr/lib/sendmail when executable).
struct MailSettings {
  std::string mailhost;  // "host[:port], host2" or ""
  std::string mailuser, mailpass;
  std::string sendmail;  // "" : /usr/lib/sendmail if executable
  static MailSettings from(const config::General& general);
};

struct NotifierOptions {
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};      // per program or mail
  std::chrono::milliseconds smtp_timeout{std::chrono::seconds(5)};  // per host, as the original
  std::size_t max_queue = 1000;  // events beyond this are logged and dropped
};

class Notifier {
 public:
  Notifier(std::shared_ptr<spdlog::logger> log, NotifierOptions options = {});
  // Sends what is queued (each within its deadline), then stops the worker.
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Queues `event` for all its recipients; returns at once.
  void send(Event event, MailSettings mail);

  // Blocks until everything queued so far has been handled (for tests and shutdown).
  void drain();

  // Delivers one event now, on the calling thread (what the worker does for each).
  void deliver(const Event& event, const MailSettings& mail) const;

 private:
  void run();
  void send_mail(const Event& event, const MailSettings& mail) const;

  std::shared_ptr<spdlog::logger> log_;
  NotifierOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<std::pair<Event, MailSettings>> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace smokeping::alerts
