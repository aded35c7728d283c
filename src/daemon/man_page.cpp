#include "smokeping/daemon/man_page.hpp"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <iostream>

#include "smokeping/daemon/man_pages.hpp"

namespace smokeping::daemon {

namespace {

constexpr int kExitUsage = 2;

// The page in a temp file that removes itself: man(1) reads pages from files.
class TempPage {
 public:
  explicit TempPage(std::string_view roff) {
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp && *tmp ? tmp : "/tmp") + "/smokeping-man-XXXXXX";
    int fd = ::mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    std::size_t done = 0;
    while (done < roff.size()) {
      ssize_t n = ::write(fd, roff.data() + done, roff.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (done != roff.size()) {
      ::unlink(path_.c_str());
      path_.clear();
    }
  }
  ~TempPage() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempPage(const TempPage&) = delete;
  TempPage& operator=(const TempPage&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// mkstemp's names hold only [A-Za-z0-9/._-] under a sane TMPDIR; anything else is not
// passed to a shell.
bool shell_safe(const std::string& path) {
  for (char c : path) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '/' || c == '.' || c == '_' || c == '-';
    if (!plain) return false;
  }
  return true;
}

// man's formatted text for the page, or nullopt when man(1) is missing or fails.
std::optional<std::string> formatted(const std::string& path) {
  if (!shell_safe(path)) return std::nullopt;
  std::string command = "MANWIDTH=80 man -l " + path + " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string text;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) text.append(buf.data(), n);
  int status = ::pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.empty()) {
    return std::nullopt;
  }
  return text;
}

}  // namespace

std::optional<ManPage> find_man_page(std::string_view name) {
  if (name.empty()) name = "smokeping";
  for (const auto& page : generated::kManPages) {
    std::string with_section = std::string(page.name) + "." + std::to_string(page.section);
    if (name == page.name || name == with_section) {
      return ManPage{page.name, page.section, page.roff};
    }
  }
  return std::nullopt;
}

std::vector<std::string> man_page_names() {
  std::vector<std::string> names;
  for (const auto& page : generated::kManPages) names.emplace_back(page.name);
  return names;
}

namespace {

std::optional<ManPage> page_or_complain(const std::string& name, std::ostream& err) {
  auto page = find_man_page(name);
  if (!page) {
    err << "ERROR: no manual page '" << name << "'; there are:";
    for (const auto& known : man_page_names()) err << " " << known;
    err << "\n";
  }
  return page;
}

}  // namespace

int print_man_source(const std::string& name, std::ostream& out, std::ostream& err) {
  auto page = page_or_complain(name.empty() ? "smokeping_config" : name, err);
  if (!page) return kExitUsage;
  out << page->roff;
  return 0;
}

int show_man_page(const std::string& name, std::ostream& out, std::ostream& err) {
  auto page = page_or_complain(name, err);
  if (!page) return kExitUsage;
  TempPage file(page->roff);
  // On a terminal man(1) pages the text itself; the caller's stream is std::cout then.
  if (file.ok() && &out == &std::cout && ::isatty(STDOUT_FILENO) && shell_safe(file.path())) {
    out.flush();
    std::string command = "man -l " + file.path();
    int status = std::system(command.c_str());
    if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  }
  if (file.ok()) {
    if (auto text = formatted(file.path())) {
      out << *text;
      return 0;
    }
  }
  out << page->roff;
  return 0;
}

}  // namespace smokeping::daemon
