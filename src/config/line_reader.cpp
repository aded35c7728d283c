#include "src/config/detail/line_reader.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "smokeping/config/config_error.hpp"
#include "smokeping/core/perl_regex.hpp"

namespace smokeping::config::detail {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Everything from the first '#' on, and the whitespace before it, is a comment.
std::string_view strip_comment(std::string_view s) {
  size_t hash = s.find('#');
  if (hash == std::string_view::npos) return s;
  s = s.substr(0, hash);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

constexpr size_t kMaxIncludeDepth = 64;

struct FileId {
  dev_t dev;
  ino_t ino;
  bool operator==(const FileId&) const = default;
};

std::string read_whole_file(const std::string& path, const core::SourceLoc& where, FileId& id) {
  auto fail = [&](int err) {
    throw ConfigError(where, fmt::format("can't open {}: {}", path, std::strerror(err)));
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(errno);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail(errno);
  if (S_ISDIR(st.st_mode)) fail(EISDIR);
  id = FileId{st.st_dev, st.st_ino};
  std::string data;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno);
    }
    if (n == 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  return data;
}

class Reader {
 public:
  explicit Reader(LineSink& sink) : sink_(sink) {}

  void read_file(const std::string& path, const core::SourceLoc& included_from) {
    FileId id{};
    std::string data = read_whole_file(path, included_from, id);
    for (const auto& open : open_files_) {
      if (open.id == id) {
        throw ConfigError(included_from,
                          fmt::format("@include cycle: {} is already being read", path));
      }
    }
    if (open_files_.size() >= kMaxIncludeDepth) {
      throw ConfigError(included_from,
                        fmt::format("@include nesting deeper than {} files", kMaxIncludeDepth));
    }
    open_files_.push_back({id});
    sink_.start_of_file(path);
    auto file = std::make_shared<const std::string>(path);

    std::string_view rest(data);
    int line_no = 0;
    auto next_physical = [&](std::string_view& line) {
      if (rest.empty()) return false;
      size_t nl = rest.find('\n');
      line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      ++line_no;
      return true;
    };

    std::string_view physical;
    while (next_physical(physical)) {
      std::string_view content = strip_comment(trim(physical));
      if (content.empty()) continue;
      std::string logical(content);
      // A continuation line is trimmed but not comment-stripped (config.md §1.4).
      std::string_view more;
      while (!logical.empty() && logical.back() == '\\') {
        logical.pop_back();
        if (!next_physical(more)) break;
        logical.push_back(' ');
        logical.append(trim(more));
        check_length(logical, file, line_no);
      }
      check_length(logical, file, line_no);
      handle_line(logical, core::SourceLoc{file, line_no});
    }
    open_files_.pop_back();
    sink_.end_of_file(core::SourceLoc{file, line_no});
  }

 private:
  struct OpenFile {
    FileId id;
  };

  static void check_length(const std::string& line, const std::shared_ptr<const std::string>& file,
                           int line_no) {
    if (line.size() > kMaxLogicalLine) {
      throw ConfigError(
          core::SourceLoc{file, line_no},
          fmt::format("line is longer than {} bytes; is this a config file?", kMaxLogicalLine));
    }
  }

  void handle_line(std::string& line, const core::SourceLoc& loc) {
    if (line.starts_with("@include") && line.size() > 8 && is_space(line[8])) {
      include(std::string_view(line).substr(9), loc);
      return;
    }
    if (line.starts_with("@define") && line.size() > 7 && is_space(line[7]) && define(line, loc)) {
      return;
    }
    for (const auto& [pattern, value] : defines_) line = pattern->replace_all(line, value);
    classify(line, loc);
  }

  void include(std::string_view arg, const core::SourceLoc& loc) {
    arg = trim(arg);
    // Only a leading quote is dropped; a trailing one stays part of the name (§1.9).
    if (!arg.empty() && (arg.front() == '"' || arg.front() == '\'')) arg.remove_prefix(1);
    std::string target(arg);
    const std::string& current = loc.file_name();
    size_t slash = current.rfind('/');
    if (!target.starts_with('/') && slash != std::string::npos && slash > 0) {
      target = current.substr(0, slash) + "/" + target;
    }
    read_file(target, loc);
  }

  // `@define NAME VALUE`; false when the line has no value (then it is an ordinary line).
  bool define(const std::string& line, const core::SourceLoc& loc) {
    std::string_view rest = std::string_view(line).substr(7);
    while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
    size_t end = 0;
    while (end < rest.size() && !is_space(rest[end])) ++end;
    if (end == 0 || end == rest.size()) return false;
    std::string_view name = rest.substr(0, end);
    std::string_view value = rest.substr(end);
    while (!value.empty() && is_space(value.front())) value.remove_prefix(1);
    try {
      auto re = core::PerlRegex::cached(name);
      for (auto& [pattern, old] : defines_) {
        if (pattern->pattern() == name) {
          old = std::string(value);
          return true;
        }
      }
      defines_.emplace_back(std::move(re), std::string(value));
    } catch (const core::RegexError& e) {
      throw ConfigError(
          loc, fmt::format("@define name is not a valid regular expression: {}", e.what()));
    }
    return true;
  }

  void classify(const std::string& line, const core::SourceLoc& loc) {
    std::string_view s(line);
    if (s.size() >= 6 && s.starts_with("***") && s.ends_with("***")) {
      sink_.header(1, std::string(trim(s.substr(3, s.size() - 6))), loc);
      return;
    }
    if (s.starts_with('+')) {
      size_t plus = 0;
      while (plus < s.size() && s[plus] == '+') ++plus;
      std::string_view name = s.substr(plus);
      while (!name.empty() && is_space(name.front())) name.remove_prefix(1);
      sink_.header(static_cast<int>(plus) + 1, std::string(name), loc);
      return;
    }
    std::string key, value;
    if (split_assignment(s, key, value)) {
      sink_.assignment(std::move(key), std::move(value), loc);
      return;
    }
    sink_.table_row(split_table_row(s), loc);
  }

  LineSink& sink_;
  std::vector<OpenFile> open_files_;
  std::vector<std::pair<std::shared_ptr<const core::PerlRegex>, std::string>> defines_;
};

// Where the quoted cell opened at `open` ends, as Perl's `"((?:\\.|[^"])*)"` decides: the
// first quote not escaped by a backslash pair, or else (by backtracking) the last escaped one.
size_t find_closing_quote(std::string_view line, size_t open) {
  char quote = line[open];
  size_t last_escaped = std::string_view::npos;
  for (size_t j = open + 1; j < line.size(); ++j) {
    if (line[j] == '\\' && j + 1 < line.size()) {
      if (line[j + 1] == quote) last_escaped = j + 1;
      ++j;
    } else if (line[j] == quote) {
      return j;
    }
  }
  return last_escaped;
}

// Perl's `s/\\(.)/$1/g`.
std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '\\' && k + 1 < s.size()) ++k;
    out.push_back(s[k]);
  }
  return out;
}

}  // namespace

bool split_assignment(std::string_view line, std::string& key, std::string& value) {
  size_t run = 0;
  while (run < line.size() && !is_space(line[run])) ++run;
  if (run == 0) return false;
  size_t after = run;
  while (after < line.size() && is_space(line[after])) ++after;
  size_t eq;
  if (after < line.size() && line[after] == '=') {
    eq = after;  // `key = value`: the key is the whole first word
  } else {
    // `\S+` is greedy: without whitespace before it, the split is at the last '=' (§1.7).
    eq = line.substr(0, run).rfind('=');
    if (eq == std::string_view::npos || eq == 0) return false;
    run = eq;
  }
  size_t v = eq + 1;
  while (v < line.size() && is_space(line[v])) ++v;
  key.assign(line.substr(0, run));
  value.assign(line.substr(v));
  return true;
}

std::vector<std::string> split_table_row(std::string_view line) {
  std::vector<std::string> cells;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < line.size() && is_space(line[i])) ++i;
  };
  while (i < line.size()) {
    char quote = line[i];
    if (quote == '"' || quote == '\'') {
      size_t close = find_closing_quote(line, i);
      if (close != std::string_view::npos) {
        cells.push_back(unescape(line.substr(i + 1, close - i - 1)));
        i = close + 1;
        skip_space();
        continue;
      }
    }
    size_t start = i;
    while (i < line.size() && !is_space(line[i])) {
      i += (line[i] == '\\' && i + 1 < line.size()) ? 2 : 1;
    }
    cells.push_back(unescape(line.substr(start, i - start)));
    skip_space();
  }
  return cells;
}

void read_config(const std::string& path, LineSink& sink) {
  Reader reader(sink);
  auto file = std::make_shared<const std::string>(path);
  reader.read_file(path, core::SourceLoc{file, 0});
}

}  // namespace smokeping::config::detail
