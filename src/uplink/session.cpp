#include "smokeping/uplink/session.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "smokeping/protocol/hmac.hpp"
#include "smokeping/uplink/answer.hpp"
#include "smokeping/uplink/post_body.hpp"

namespace smokeping::uplink {

Session::Session(SessionSettings settings, Transport& transport, Spool& spool,
                 std::shared_ptr<spdlog::logger> log)
    : settings_(std::move(settings)), transport_(transport), spool_(spool), log_(std::move(log)) {
  if (!settings_.answer_pin_file.empty()) master_signs_ = read_pin();
}

bool Session::read_pin() const {
  const std::string& file = settings_.answer_pin_file;
  std::string text;
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return false;  // never pinned
  int err = fd < 0 ? errno : 0;
  if (fd >= 0) {
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) != 0) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        err = errno;
        break;
      }
      text.append(buffer, static_cast<std::size_t>(n));
      if (text.size() > sizeof buffer) break;  // a pin is one short line
    }
    ::close(fd);
  }
  // A pin we cannot read may well be one: treating it as absent would silently accept
  // unsigned answers again, which is what the pin is there to prevent.
  if (err != 0 || text.find('\n') == std::string::npos) {
    log_->error("cannot read the pin file, unsigned answers stay refused file={} err={}", file,
                err != 0 ? std::strerror(err) : "no complete line");
    return true;
  }
  // The pin names the master it was made for; a slave moved to another master starts over.
  return text.substr(0, text.find('\n')) == settings_.master_name;
}

void Session::pin_master() {
  master_signs_ = true;
  log_->info(
      "master signs its answers; unsigned answers are refused from now on master={} "
      "pin={}",
      settings_.master_name,
      settings_.answer_pin_file.empty() ? "(memory)" : settings_.answer_pin_file);
  if (settings_.answer_pin_file.empty()) return;
  if (!write_pin()) {
    log_->warn("cannot write the pin file, the pin lasts until restart file={} err={}",
               settings_.answer_pin_file, std::strerror(errno));
  }
}

bool Session::write_pin() const {
  const std::string& file = settings_.answer_pin_file;
  const std::string tmp = file + ".tmp";
  const std::string text = settings_.master_name + "\n";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return false;
  // A leftover temp file keeps its mode through O_CREAT; the pin is ours alone.
  bool ok = ::fchmod(fd, 0600) == 0;
  for (std::size_t done = 0; ok && done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  // Durable before the rename, or a crash could leave an empty pin in its place.
  ok = ok && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  errno = saved;
  if (!ok || std::rename(tmp.c_str(), file.c_str()) != 0) return false;
  const std::size_t slash = file.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : file.substr(0, slash + 1);
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return false;
  ok = ::fsync(dir_fd) == 0;
  const int dir_errno = errno;
  ::close(dir_fd);
  errno = dir_errno;
  return ok;
}

DeliveryReport Session::deliver(std::int64_t config_time, std::int64_t min_last,
                                bool even_if_empty) {
  DeliveryReport report;
  std::vector<SpooledRound> rounds = spool_.pending();
  std::size_t next = 0;
  bool must_post = even_if_empty;
  while (next < rounds.size() || must_post) {
    must_post = false;
    // The next batch: whole rounds, oldest first, at least one.
    std::vector<std::string> lines, files;
    std::size_t bytes = 0;
    while (next < rounds.size()) {
      std::size_t size = 0;
      for (const auto& line : rounds[next].lines) size += line.size() + 1;
      if (!files.empty() && bytes + size > settings_.max_post_bytes) break;
      bytes += size;
      lines.insert(lines.end(), rounds[next].lines.begin(), rounds[next].lines.end());
      files.push_back(rounds[next].file);
      ++next;
    }
    PostFields fields;
    fields.slave = settings_.slave_name;
    fields.protocol = "2";
    fields.data = data_text(lines);
    fields.key = protocol::hmac_md5_hex(settings_.secret, fields.data);
    fields.config_time = config_time;
    const std::int64_t now = settings_.clock
                                 ? settings_.clock()
                                 : std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
    sign_fields(fields, settings_.secret, now);
    MultipartBody body = multipart_body(fields);
    Answer answer =
        classify_answer(transport_.post(body.content_type(), body.bytes), settings_.secret,
                        min_last, AnswerAuth{fields.slave, fields.auth_nonce, master_signs_});
    ++report.posts;
    if (!answer.delivered()) {
      report.failure = answer.reason;
      log_->warn(
          "post to the master failed, results kept for the next one master={} lines={} "
          "reason={}",
          settings_.master_name, lines.size(), answer.reason);
      return report;
    }
    if (answer.signed_by_master && !master_signs_) pin_master();
    if (!answer.refusal.empty()) {
      // Bad lines are not worth a retry: the master stored the others and will never take them.
      log_->warn("master refused some posted lines, they are dropped master={} answer={}",
                 settings_.master_name, answer.refusal);
    }
    spool_.remove(files);
    report.rounds += files.size();
    report.lines += lines.size();
    if (answer.config) {
      log_->info("master sent a new config master={} last={}", settings_.master_name,
                 answer.config->last);
      // Later batches already run under the new config, so they announce it.
      config_time = answer.config->last;
      min_last = answer.config->last;
      report.config = std::move(answer.config);
    } else if (rounds.size() > 1) {
      // A backlog going out: worth a line, where a single round's post is not.
      log_->info("spooled results delivered master={} rounds={} lines={}", settings_.master_name,
                 files.size(), lines.size());
    } else {
      log_->debug("results delivered master={} lines={}", settings_.master_name, lines.size());
    }
  }
  report.all_delivered = true;
  return report;
}

}  // namespace smokeping::uplink
