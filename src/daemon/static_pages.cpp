#include "smokeping/daemon/static_pages.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <ostream>
#include <system_error>
#include <vector>

#include "smokeping/config/load.hpp"
#include "smokeping/core/logging.hpp"
#include "smokeping/daemon/master_store.hpp"
#include "smokeping/web/graphs.hpp"
#include "smokeping/web/page_graphs.hpp"
#include "smokeping/web/static_site.hpp"
#include "smokeping/web/template.hpp"
#include "src/daemon/detail/load_or_report.hpp"

namespace smokeping::daemon {

namespace {

constexpr int kExitError = 1;

[[noreturn]] void throw_errno(int error, const std::string& what) {
  throw std::system_error(error, std::generic_category(), what);
}

// A temporary file in `dir`, removed by the destructor unless it was renamed into place.
class TempFile {
 public:
  explicit TempFile(const std::string& dir, const std::string& stem) {
    path_ = dir + "/." + stem + ".XXXXXX";
    std::vector<char> name(path_.begin(), path_.end());
    name.push_back('\0');
    fd_ = ::mkstemp(name.data());
    if (fd_ < 0) throw_errno(errno, "cannot write into " + dir);
    path_ = name.data();
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write_all(std::string_view text, const std::string& target) {
    while (!text.empty()) {
      ssize_t n = ::write(fd_, text.data(), text.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_errno(errno, "cannot write " + target);
      text.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fchmod(fd_, 0644) != 0) throw_errno(errno, "cannot write " + target);
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw_errno(errno, "cannot write " + target);
  }

  void rename_to(const std::string& target) {
    if (::rename(path_.c_str(), target.c_str()) != 0) throw_errno(errno, "cannot write " + target);
    path_.clear();
  }

 private:
  std::string path_;
  int fd_ = -1;
};

// DIR as the original makes it: one level, mode 0755; an existing directory is fine.
std::optional<std::string> make_dir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) return std::nullopt;
  int error = errno;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return std::nullopt;
  if (error == EEXIST) error = ENOTDIR;
  return "cannot create " + dir + ": " + std::generic_category().message(error);
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

// What the pages are written from: the config, with the graphs moved into DIR when one is
// given (see static_pages.hpp). The copy's nodes still point at `loaded`'s probes, which the
// caller keeps.
config::Config site_config(const config::Config& loaded, const std::string& given_dir) {
  config::Config site = loaded;
  if (!given_dir.empty()) {
    site.general.pagedir = given_dir;
    site.general.imgcache = given_dir;
    site.general.imgurl = ".";
  }
  return site;
}

}  // namespace

void replace_file(const std::string& dir, const std::string& name, std::string_view text) {
  const std::string target = dir + "/" + name;
  TempFile temp(dir, name);
  temp.write_all(text, target);
  temp.rename_to(target);
}

int write_static_pages(const Options& options, std::ostream& /*out*/, std::ostream& err) {
  std::shared_ptr<const config::Config> loaded = detail::load_or_report(options.config, err);
  if (!loaded) return kExitError;
  const std::string given = options.static_pages.value_or("");
  const std::string dir = given.empty() ? loaded->general.pagedir : given;
  if (dir.empty()) {
    err << "ERROR: No pagedir defined for static pages\n";
    return kExitError;
  }
  if (auto conflict = web::static_site_conflict(*loaded)) {
    err << "ERROR: " << *conflict << "\n";
    return kExitError;
  }
  if (!given.empty()) {
    if (auto problem = make_dir(given)) {
      err << "ERROR: " << *problem << "\n";
      return kExitError;
    }
  }
  try {
    TempFile probe(dir, "static-pages-check");  // DIR takes files before any work is done
  } catch (const std::system_error& e) {
    err << "ERROR: " << e.what() << "\n";
    return kExitError;
  }
  const config::Config site = site_config(*loaded, given);
  const std::string& template_path = site.presentation.template_path;
  std::optional<std::string> template_text = web::read_template(template_path);
  if (!template_text) {
    err << "ERROR: Reading page template " << template_path << "\n";
    return kExitError;
  }

  core::LogSetup setup;
  setup.to_stderr = true;
  std::shared_ptr<spdlog::logger> log = core::make_logger(setup);
  // As at a daemon start: missing RRD files are created, so new nodes get (empty) graphs.
  MasterStore(core::child_logger(log, "store"), false).prepare(site, sched::TargetFilter());

  web::GraphEnv env;
  env.now = static_cast<std::int64_t>(std::time(nullptr));
  env.hostname = host_name();
  env.log = core::child_logger(log, "web");
  std::unique_ptr<web::PageGraphs> graphs = web::make_page_graphs(site, env);
  web::StaticSiteInput input{site, *template_text};
  if (const char* user = std::getenv("REMOTE_USER"); user && *user) input.authuser = user;
  std::vector<std::string> problems;
  try {
    problems = web::render_static_site(input, *graphs, [&](const web::StaticPage& page) {
      replace_file(dir, page.file_name, page.html);
    });
  } catch (const std::exception& e) {  // a page or an image directory that cannot be written
    err << "ERROR: " << e.what() << "\n";
    return kExitError;
  }
  for (const auto& problem : problems) err << "WARNING: " << problem << "\n";
  return 0;
}

}  // namespace smokeping::daemon
