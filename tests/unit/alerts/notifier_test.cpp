// Notifications leave through real programs and a real socket: a recording script stands in
// for the `|` program and for sendmail, and an SMTP sink on 127.0.0.1 takes the mail.
#include "smokeping/alerts/notifier.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "smokeping/alerts/message.hpp"

namespace smokeping::alerts {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class NotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sp-alerts-notify-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    log_ = std::make_shared<spdlog::logger>(
        "alerts", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text_));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string script(const std::string& name, const std::string& body) const {
    std::string p = path(name);
    std::ofstream(p) << "#!/bin/sh\n" << body;
    ::chmod(p.c_str(), 0755);
    return p;
  }
  Event event(std::vector<std::string> recipients) const {
    Event e;
    e.alert = "lossy";
    e.what = "was raised";
    e.edgetrigger = true;
    e.line = "Net.Router";
    e.url = "http://127.0.0.1/smokeping.cgi?target=Net.Router";
    e.loss = "loss: S, 50%";
    e.rtt = "rtt: S, 3ms";
    e.host = "127.0.0.2";
    e.comment = "half lost";
    e.pattern = ">0%";
    e.from = "smokeping@example.org";
    e.recipients = std::move(recipients);
    e.time = 1'700'000'000;
    return e;
  }

  std::filesystem::path dir_;
  std::ostringstream log_text_;
  std::shared_ptr<spdlog::logger> log_;
};

TEST_F(NotifierTest, PipeProgramGetsTheOriginalsArguments) {
  std::string out = path("args");
  std::string prog = script("page", "for a in \"$@\"; do echo \"[$a]\"; done > " + out + "\n");
  Notifier notifier(log_);
  notifier.send(event({"|" + prog}), {});
  notifier.drain();
  EXPECT_EQ(slurp(out), "[lossy]\n[Net.Router]\n[loss: S, 50%]\n[rtt: S, 3ms]\n[127.0.0.2]\n[1]\n");
}

TEST_F(NotifierTest, FailingProgramIsLoggedAndTheNextRecipientStillServed) {
  std::string out = path("second");
  std::string bad = script("bad", "exit 3\n");
  std::string good = script("good", "echo ran > " + out + "\n");
  Notifier notifier(log_);
  notifier.deliver(event({"|" + path("missing-program"), "|" + bad, "|" + good}), {});
  EXPECT_EQ(slurp(out), "ran\n");
  EXPECT_NE(log_text_.str().find("exit status 3"), std::string::npos) << log_text_.str();
  EXPECT_NE(log_text_.str().find("could not start"), std::string::npos) << log_text_.str();
}

TEST_F(NotifierTest, HangingProgramIsKilledAtItsDeadline) {
  std::string out = path("late");
  // The sleep runs in a child of the script: the whole process group must go.
  std::string slow = script("slow", "sleep 30; echo late > " + out + "\n");
  NotifierOptions options;
  options.timeout = std::chrono::milliseconds(300);
  Notifier notifier(log_, options);
  notifier.deliver(event({"|" + slow}), {});
  EXPECT_NE(log_text_.str().find("timed out"), std::string::npos) << log_text_.str();
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(NotifierTest, SendmailGetsSenderRecipientsAndTheWholeMail) {
  std::string sendmail =
      script("sendmail", "echo \"$@\" > " + path("argv") + "\ncat > " + path("mail") + "\n");
  MailSettings mail;
  mail.sendmail = sendmail;
  Notifier notifier(log_);
  notifier.deliver(event({"ops@example.org", "|/bin/true", "Night <night@example.org>"}), mail);
  EXPECT_EQ(slurp(path("argv")), "-f smokeping@example.org ops@example.org night@example.org\n");
  std::string text = slurp(path("mail"));
  EXPECT_EQ(text.rfind("To: ops@example.org,Night <night@example.org>\n"
                       "From: smokeping@example.org\nDate: ",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("Subject: [SmokeAlert] lossy was raised on Net.Router\n"), std::string::npos);
}

TEST_F(NotifierTest, SnppAndXmppAreLoggedAsUnsupported) {
  Notifier notifier(log_);
  notifier.deliver(event({"snpp:1234", "xmpp:ops@example.org"}), {});
  EXPECT_NE(log_text_.str().find("snpp notification is not supported"), std::string::npos);
  EXPECT_NE(log_text_.str().find("xmpp notification is not supported"), std::string::npos);
}

// One SMTP conversation on 127.0.0.1: records every command and the message.
class SmtpSink {
 public:
  SmtpSink() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 1);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~SmtpSink() {
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  std::string transcript() {
    ::shutdown(fd_, SHUT_RDWR);  // a client that never came must not hang the test
    thread_.join();
    thread_ = std::thread([] {});
    return transcript_;
  }

 private:
  void serve() {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    auto say = [&](const std::string& s) { ::send(c, s.data(), s.size(), MSG_NOSIGNAL); };
    say("220 sink ESMTP\r\n");
    std::string buffer;
    bool data = false;
    char chunk[512];
    for (;;) {
      std::size_t eol;
      while ((eol = buffer.find("\r\n")) != std::string::npos) {
        std::string line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        transcript_ += line + "\n";
        if (data) {
          if (line == ".") {
            data = false;
            say("250 queued\r\n");
          }
        } else if (line.rfind("EHLO", 0) == 0) {
          say("250-sink\r\n250 AUTH PLAIN\r\n");
        } else if (line.rfind("AUTH", 0) == 0) {
          say("235 ok\r\n");
        } else if (line == "DATA") {
          data = true;
          say("354 go on\r\n");
        } else if (line == "QUIT") {
          say("221 bye\r\n");
          ::close(c);
          return;
        } else {
          say("250 ok\r\n");
        }
      }
      ssize_t n = ::recv(c, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    ::close(c);
  }

  int fd_;
  int port_ = 0;
  std::thread thread_;
  std::string transcript_;
};

TEST_F(NotifierTest, MailhostGetsTheMailOverSmtp) {
  SmtpSink sink;
  MailSettings mail;
  mail.mailhost = "127.0.0.1:" + std::to_string(sink.port());
  mail.mailuser = "user";
  mail.mailpass = "pass";
  mail.sendmail = script("sendmail", "touch " + path("sendmail-used") + "\n");
  Event e = event({"ops@example.org", "Night <night@example.org>"});
  e.comment = ".starts with a dot";
  Notifier notifier(log_);
  notifier.deliver(e, mail);
  std::string t = sink.transcript();
  EXPECT_NE(t.find("AUTH PLAIN AHVzZXIAcGFzcw==\n"), std::string::npos) << t;
  EXPECT_NE(t.find("MAIL FROM:<smokeping@example.org>\n"), std::string::npos) << t;
  EXPECT_NE(t.find("RCPT TO:<ops@example.org>\nRCPT TO:<night@example.org>\nDATA\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("Subject: [SmokeAlert] lossy was raised on Net.Router\n"), std::string::npos);
  EXPECT_NE(t.find("\n..starts with a dot\n"), std::string::npos) << t;
  EXPECT_NE(t.find("\n.\nQUIT\n"), std::string::npos) << t;
  EXPECT_FALSE(std::filesystem::exists(path("sendmail-used")));
}

TEST_F(NotifierTest, UnreachableMailhostFallsBackToSendmail) {
  // A port nobody listens on: bound, never listening, then closed.
  int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(s);
  MailSettings mail;
  mail.mailhost = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  mail.sendmail = script("sendmail", "cat > " + path("mail") + "\n");
  Notifier notifier(log_);
  notifier.deliver(event({"ops@example.org"}), mail);
  EXPECT_NE(slurp(path("mail")).find("To: ops@example.org\n"), std::string::npos);
}

}  // namespace
}  // namespace smokeping::alerts
