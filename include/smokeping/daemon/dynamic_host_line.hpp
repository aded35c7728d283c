// Recording a DYNAMIC host's secret in the config: the line `host = DYNAMIC` becomes
// `host = DYNAMIC/<md5 of the secret>` in the file that holds it, every other byte unchanged,
// the file replaced in one rename (config.md §6.3).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <variant>

namespace smokeping::daemon {

// Whether `line` (without its line end) is one `smokeping --email` may rewrite: `host`, `=` and
// `DYNAMIC` with only blanks around them. The original's pattern, plus trailing blanks and the
// CR of a CRLF file, which the config reader ignores as well.
bool is_dynamic_host_line(std::string_view line);

// The replacement for such a line: its indentation, then `host = DYNAMIC/<digest>`.
std::string dynamic_host_line(std::string_view line, std::string_view digest);

// A copy of the config file with one line rewritten, written and synced beside it (same
// directory, mode and owner) but not yet in its place. Destroying it uncommitted removes the
// copy and leaves the file as it was.
class PendingLineRewrite {
 public:
  struct Refusal {
    std::string reason;  // names the file (and line) and says why
  };

  // Prepares the rewrite of line `line` (1-based) of `file`, which must be a `host = DYNAMIC`
  // line. A symbolic link is followed: the file it names is rewritten and the link kept.
  static std::variant<PendingLineRewrite, Refusal> prepare(const std::string& file, int line,
                                                           std::string_view digest);

  PendingLineRewrite(PendingLineRewrite&& other) noexcept;
  PendingLineRewrite& operator=(PendingLineRewrite&&) = delete;
  PendingLineRewrite(const PendingLineRewrite&) = delete;
  PendingLineRewrite& operator=(const PendingLineRewrite&) = delete;
  ~PendingLineRewrite();

  // Puts the copy in place of the file. Refused, leaving the file alone, when the file was
  // changed since prepare() read it.
  std::variant<std::monostate, Refusal> commit();

  const std::string& file() const { return file_; }

 private:
  struct Identity {
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = 0;
    long mtime_sec = 0, mtime_nsec = 0;
    bool operator==(const Identity&) const = default;
  };
  PendingLineRewrite(std::string file, std::string temp, Identity read);

  std::string file_;  // the real file (links resolved)
  std::string temp_;  // the copy; empty once renamed or handed on
  Identity read_;
};

}  // namespace smokeping::daemon
