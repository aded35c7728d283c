#include "smokeping/uplink/session.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "smokeping/protocol/hmac.hpp"
#include "smokeping/uplink/answer.hpp"
#include "smokeping/uplink/post_body.hpp"

namespace smokeping::uplink {

Session::Session(SessionSettings settings, Transport& transport, Spool& spool,
                 std::shared_ptr<spdlog::logger> log)
    : settings_(std::move(settings)), transport_(transport), spool_(spool), log_(std::move(log)) {
  if (!settings_.answer_pin_file.empty()) {
    std::ifstream in(settings_.answer_pin_file);
    std::string pinned_master;
    // The pin names the master it was made for; a slave moved to another master starts over.
    if (in && std::getline(in, pinned_master))
      master_signs_ = pinned_master == settings_.master_name;
  }
}

void Session::pin_master() {
  master_signs_ = true;
  log_->info(
      "master signs its answers; unsigned answers are refused from now on master={} "
      "pin={}",
      settings_.master_name,
      settings_.answer_pin_file.empty() ? "(memory)" : settings_.answer_pin_file);
  if (settings_.answer_pin_file.empty()) return;
  const std::string tmp = settings_.answer_pin_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << settings_.master_name << '\n';
    if (!out.flush()) {
      log_->warn("cannot write the pin file {}; the pin lasts until restart", tmp);
      return;
    }
  }
  ::chmod(tmp.c_str(), 0600);
  if (std::rename(tmp.c_str(), settings_.answer_pin_file.c_str()) != 0) {
    log_->warn("cannot write the pin file {}; the pin lasts until restart",
               settings_.answer_pin_file);
  }
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
