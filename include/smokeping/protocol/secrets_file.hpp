// The shared secrets of distributed mode (master-slave.md §2.5, §8): the master's
// `Slaves.secrets` file (`name:secret` lines) and the slave's `--shared-secret` file (the
// secret on the first line). Both are refused when others could read or change them.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace smokeping::protocol {

enum class SecretsError {
  none,
  cannot_open,  // open(2) failed: missing file, no permission, a symbolic link (O_NOFOLLOW)
  not_regular,  // a directory, a device, a FIFO ...
  group_or_world_access,  // a group or world read or write bit is set
  foreign_owner,          // not owned by the user we run as
  cannot_read,            // read(2) failed, or the file is larger than any secrets file
};

// The master's secrets file, read once per request as the original does, so an edit takes
// effect at the next post.
class MasterSecrets {
 public:
  // Opens `path` without following a symbolic link, then checks the open file (not the
  // name): a regular file, no group or world bits, owned by `owner`.
  //
  // Stricter than the original on purpose: SmokePing 2.7.3 refuses only world bits
  // (`mode & 0006`) when it parses the config and checks no owner, and Debian ships the file
  // 0640 smokeping:www-data. We require mode 0600 (or 0400) owned by the user the CGI runs as,
  // because whoever can read this file can sign configs that slaves run (§12 W3, W18).
  static MasterSecrets load(const std::string& path, uid_t owner);
  static MasterSecrets load(const std::string& path);  // owner: the effective user

  // A file whose content is given, for tests and for callers that read it themselves.
  static MasterSecrets from_text(std::string path, std::string text);

  bool usable() const { return error_ == SecretsError::none; }
  SecretsError error() const { return error_; }
  int sys_errno() const { return errno_; }  // for cannot_open / cannot_read
  const std::string& path() const { return path_; }
  // The problem as a sentence naming the file, empty when usable. For a file that cannot be
  // opened it is the original's text: "Opening secrets file <path>: <strerror>"; otherwise
  // "Secrets file <path> is readable or writable by group or others (mode 0640), ...".
  const std::string& message() const { return message_; }

  // The secret of `slave`: from the first line that starts with `<slave>:` followed by a
  // non-whitespace run (Perl's /^<slave>:(\S+)/, but with the name matched literally, not
  // as a regular expression: §12 W10). The run is the secret; the rest of the line, a CR
  // included, is ignored. A first matching line whose secret is "0" means no secret, as in
  // the original. nullopt also when the file is not usable.
  std::optional<std::string> secret_for(std::string_view slave) const;

 private:
  std::string path_;
  SecretsError error_ = SecretsError::none;
  int errno_ = 0;
  std::string message_;
  std::string text_;
};

struct SlaveSecret {
  SecretsError error = SecretsError::none;
  std::string message;  // the error in words, naming the file; empty when fine
  std::string secret;
  // The secret has a space, tab, CR or other whitespace: a Perl master cuts its copy at the
  // first whitespace, so this secret can never authenticate against it (vectors V6, V7).
  bool has_whitespace = false;
};

// The slave's secret (§2.5): the first line of the file with one trailing LF removed and
// nothing else trimmed. Refuses a file with group or world read or write bits (the original
// refuses only world bits), and when `owner` is given, one owned by somebody else.
SlaveSecret read_slave_secret(const std::string& path, std::optional<uid_t> owner = std::nullopt);

}  // namespace smokeping::protocol
