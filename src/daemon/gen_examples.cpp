#include "smokeping/daemon/gen_examples.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <vector>

#include "smokeping/config/load.hpp"
#include "smokeping/daemon/example_configs.hpp"

namespace smokeping::daemon {

namespace {

constexpr int kExitError = 1;

// A scratch directory inside `dir`, so that the final renames stay on one file system.
// Removed with whatever is left in it when the generation ends, succeeded or not.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& parent) {
    std::string templ = parent + "/.gen-examples-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) {
      throw std::system_error(errno, std::generic_category(), "cannot write into " + parent);
    }
    path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void write_file(const std::string& path, std::string_view text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot create " + path);
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = n < 0 ? errno : EIO;
      ::close(fd);
      throw std::system_error(error, std::generic_category(), "cannot write " + path);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot write " + path);
  }
}

// `dir` itself, not its parents: a mistyped path should not grow a tree. True when this
// call created it.
bool ensure_directory(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) return true;
  int error = errno;
  struct stat st {};
  if (error == EEXIST && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return false;
  throw std::system_error(error == EEXIST ? ENOTDIR : error, std::generic_category(),
                          "cannot create directory " + dir);
}

// Writes every example into a scratch directory inside `dir` (so that the renames stay on
// one file system), checks each there, and moves them all into `dir` only when all passed.
bool write_into(const std::string& dir, std::ostream& out, std::ostream& err) {
  std::vector<ExampleConfig> examples = example_configs();
  ScratchDir scratch(dir);
  config::LoadOptions load;
  // The examples are for another machine: what they name need not exist on this one.
  load.env.check_paths = false;
  for (const ExampleConfig& example : examples) {
    std::string draft = scratch.path() + "/config." + example.name;
    write_file(draft, example.text);
    try {
      config::load_config(draft, load);
    } catch (const config::ConfigError& e) {
      err << "ERROR: example config." << example.name << " does not pass the check: " << e.located()
          << "\n";
      return false;
    }
  }
  for (const ExampleConfig& example : examples) {
    std::string name = "config." + example.name;
    std::string target = dir + "/" + name;
    if (::rename((scratch.path() + "/" + name).c_str(), target.c_str()) != 0) {
      throw std::system_error(errno, std::generic_category(), "cannot create " + target);
    }
    out << "\t" << target << " ...\n";
  }
  return true;
}

}  // namespace

int generate_examples(const std::string& dir_arg, std::ostream& out, std::ostream& err) {
  const std::string dir = dir_arg.empty() ? kDefaultExamplesDir : dir_arg;
  out << "Generating example files...\n";
  bool created = false;
  bool done = false;
  try {
    created = ensure_directory(dir);
    done = write_into(dir, out, err);
  } catch (const std::system_error& e) {
    err << "ERROR: " << e.what() << "\n";
  }
  if (!done) {
    if (created) ::rmdir(dir.c_str());  // a directory made for nothing goes again
    return kExitError;
  }
  out << "done.\n";
  return 0;
}

}  // namespace smokeping::daemon
