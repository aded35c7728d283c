// The master's answer to a slave (master-slave.md §3.2). The texts of cases #1 to #9 are the
// original's, byte for byte (tests compare them with captured answers of SmokePing 2.7.3).
// Where we are stricter the status changes, never a text the Perl slave already knows.
#include "smokeping/protocol/submission.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>

#include "smokeping/config/value_check.hpp"
#include "smokeping/protocol/hmac.hpp"

namespace smokeping::protocol {
namespace {

constexpr std::string_view kProtocol = "2";
constexpr std::size_t kMaxListedRefusals = 20;
constexpr std::size_t kMaxShown = 200;

SlaveAnswer text_answer(SlaveAnswerKind kind, int status, std::string body) {
  SlaveAnswer a;
  a.kind = kind;
  a.status = status;
  a.body = std::move(body);
  return a;
}

// Posted text repeated in our own messages: printable ASCII only, and never the two letters
// "OK" in a row, because the Perl slave logs an answer only when it has no "OK" anywhere in it
// (Slave.pm: `warn "$data\n" unless $data =~ /OK/`); a target called /TOKYO would otherwise
// hide the refusal from the slave's operator.
std::string shown(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && out.size() < kMaxShown; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    bool plain =
        c >= 0x20 && c < 0x7f && c != '\\' && !(c == 'K' && !out.empty() && out.back() == 'O');
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  if (out.size() >= kMaxShown) out += "...";
  return out;
}

std::string refusal_line(const RefusedLine& r) {
  if (r.problem == LineProblem::empty_line) return fmt::format("line {}: {}", r.line_no, r.reason);
  return fmt::format("line {}: {}: {}", r.line_no, shown(r.path), r.reason);
}

// "WARNING: Refused 2 of 5 lines from slave s1; the others were stored:\nline 3: ...\n".
std::string refusal_text(const SlaveAnswer& a, std::string_view slave) {
  std::string text = fmt::format(
      "WARNING: Refused {} of {} lines from slave {}; {}:\n", a.refused.size(), a.lines_posted,
      shown(slave), a.lines_to_store.empty() ? "nothing was stored" : "the others were stored");
  for (std::size_t i = 0; i < a.refused.size() && i < kMaxListedRefusals; ++i)
    text += refusal_line(a.refused[i]) + "\n";
  if (a.refused.size() > kMaxListedRefusals)
    text += fmt::format("... and {} more\n", a.refused.size() - kMaxListedRefusals);
  return text;
}

// The same, on one header line (for a config answer, whose body must be the config alone).
std::string refusal_header(const SlaveAnswer& a) {
  std::string text = fmt::format("{} of {} lines refused; first: {}", a.refused.size(),
                                 a.lines_posted, refusal_line(a.refused.front()));
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return text;
}

}  // namespace

TargetCheck check_target(const config::Config& config, std::string_view slave,
                         std::string_view path) {
  std::vector<std::string> names;
  std::string_view rest = path.substr(path.empty() ? 0 : 1);
  while (true) {
    std::size_t slash = rest.find('/');
    names.emplace_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  const config::TargetNode* node = config.find_target(names);
  if (node == nullptr || !node->has_host()) return {};
  if (std::find(node->slaves.begin(), node->slaves.end(), slave) == node->slaves.end())
    return {TargetCheck::Status::not_assigned, 0};
  return {TargetCheck::Status::ok, node->pings};
}

std::int64_t newest_config_mtime(const config::Config& config) {
  std::int64_t newest = 0;
  auto consider = [&](const std::string& file) {
    struct stat st;
    if (::stat(file.c_str(), &st) == 0) newest = std::max<std::int64_t>(newest, st.st_mtime);
  };
  consider(config.file);
  for (const std::string& file : config.files) consider(file);
  return newest;
}

SlaveAnswer answer_form_error(const FormResult& form) {
  if (form.error == FormError::too_large) {
    return text_answer(SlaveAnswerKind::body_too_large, 413,
                       fmt::format("WARNING: {}\n", form.message));
  }
  return text_answer(SlaveAnswerKind::malformed_form, 400,
                     fmt::format("WARNING: malformed request: {}\n", form.message));
}

SlaveAnswer answer_store_failed(std::string_view slave) {
  return text_answer(SlaveAnswerKind::store_failed, 503,
                     fmt::format("WARNING: Could not store the data of slave {}; send them "
                                 "again later\n",
                                 shown(slave)));
}

SlaveAnswer answer_slave(const FormFields& form, const AnswerContext& context) {
  const std::string slave = form.value("slave");

  // #1 and #2: the secrets file, re-read for every request.
  if (!context.secrets.usable()) {
    return text_answer(SlaveAnswerKind::secrets_unusable, 500,
                       fmt::format("WARNING: {}\n", context.secrets.message()));
  }
  std::optional<std::string> secret = context.secrets.secret_for(slave);
  if (!secret) {
    return text_answer(SlaveAnswerKind::no_secret, 403,
                       fmt::format("WARNING: No secret found for slave {}\n", slave));
  }

  // #3: `$q->param('protocol') || '?'`: missing, "" and "0" show as '?'.
  std::string protocol = form.value("protocol");
  if (protocol.empty() || protocol == "0") protocol = "?";
  if (protocol != kProtocol) {
    return text_answer(SlaveAnswerKind::wrong_protocol, 200,
                       fmt::format("WARNING: I expected protocol {} and got {} from slave {}. I "
                                   "will skip this.\n",
                                   kProtocol, protocol, slave));
  }

  // #4 (no trailing LF, as in the original).
  if (!context.config.slaves || context.config.slaves->find(slave) == nullptr) {
    return text_answer(SlaveAnswerKind::unknown_slave, 403,
                       fmt::format("WARNING: I don't know the slave {} ignoring it", slave));
  }

  // #5, compared in constant time.
  const std::string key = form.value("key");
  const std::string data = form.value("data");
  if (!signature_matches(*secret, data, key)) {
    return text_answer(SlaveAnswerKind::bad_key, 403,
                       fmt::format("WARNING: Data from {} was signed with {} which does not match "
                                   "our expectation\n",
                                   slave, key));
  }

  // #6: authenticated; the good lines are to be stored whatever comes next.
  LineRules rules;
  rules.now = context.now;
  rules.max_future_skew = context.max_future_skew;
  rules.target = [&](std::string_view path) { return check_target(context.config, slave, path); };
  ParsedData parsed = parse_data_lines(data, rules);

  SlaveAnswer answer;
  answer.lines_to_store = std::move(parsed.accepted);
  answer.refused = std::move(parsed.refused);
  answer.lines_posted = parsed.lines;
  const std::string refused = answer.refused.empty() ? "" : refusal_text(answer, slave);

  // #7 / #8: Perl's numeric `<`: a missing or non-numeric config_time is 0, NaN never less.
  if (config::perl_number(form.value("config_time")) < static_cast<double>(context.config_last)) {
    std::optional<std::string> text =
        context.slave_config ? context.slave_config(context.config, slave, context.config_last)
                             : std::nullopt;
    if (text) {
      answer.kind = SlaveAnswerKind::new_config;
      answer.content_type = "application/smokeping-config";
      answer.headers = {{"Protocol", std::string(kProtocol)},
                        {"Key", hmac_md5_hex(*secret, *text)}};
      if (!answer.refused.empty())
        answer.headers.emplace_back("X-Smokeping-Refused", refusal_header(answer));
      answer.body = std::move(*text);
      return answer;
    }
    answer.kind = SlaveAnswerKind::no_targets;
    answer.body = fmt::format("WARNING: No targets found for slave '{}'\n", slave) + refused;
    return answer;
  }

  // #9, or what was refused: never a bare OK when a line was dropped.
  answer.kind = SlaveAnswerKind::ok;
  answer.body = refused.empty() ? "OK\n" : refused;
  return answer;
}

}  // namespace smokeping::protocol
