// Rewriting `host = DYNAMIC` in place: only that line changes, atomically, mode kept.
#include "smokeping/daemon/dynamic_host_line.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using smokeping::daemon::dynamic_host_line;
using smokeping::daemon::is_dynamic_host_line;
using smokeping::daemon::PendingLineRewrite;

class Dir {
 public:
  Dir() {
    char tmpl[] = "/tmp/sp-dynline-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~Dir() {
    ::chmod(path_.c_str(), 0700);
    fs::remove_all(path_);
  }
  std::string write(const std::string& name, const std::string& data) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << data;
    return p;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(path_ + "/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  int entries() const {
    int n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(path_)) ++n;
    return n;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

PendingLineRewrite prepared(const std::string& file, int line, const std::string& digest) {
  auto result = PendingLineRewrite::prepare(file, line, digest);
  if (auto* refusal = std::get_if<PendingLineRewrite::Refusal>(&result)) {
    ADD_FAILURE() << refusal->reason;
    throw std::runtime_error(refusal->reason);
  }
  return std::move(std::get<PendingLineRewrite>(result));
}

std::string refusal(const std::string& file, int line) {
  auto result = PendingLineRewrite::prepare(file, line, "D1g");
  auto* r = std::get_if<PendingLineRewrite::Refusal>(&result);
  return r ? r->reason : "";
}

bool committed(PendingLineRewrite& p) {
  auto result = p.commit();
  return std::holds_alternative<std::monostate>(result);
}

TEST(DynamicHostLine, AcceptsTheOriginalsFormWithAnyBlanks) {
  for (const char* line : {"host = DYNAMIC", "host=DYNAMIC", "  \thost \t=\t DYNAMIC",
                           "host = DYNAMIC  ", "host = DYNAMIC\r", "\fhost=DYNAMIC\v"}) {
    EXPECT_TRUE(is_dynamic_host_line(line)) << line;
  }
}

TEST(DynamicHostLine, RefusesEverythingElse) {
  for (const char* line :
       {"host = DYNAMIC/abc", "host = DYNAMIC/", "host = dynamic", "host = DYNAMICX",
        "hosts = DYNAMIC", "xhost = DYNAMIC", "host DYNAMIC", "host = DYNAMIC # comment",
        "# host = DYNAMIC", "host = DYN\\", "+ host = DYNAMIC", "host = = DYNAMIC", ""}) {
    EXPECT_FALSE(is_dynamic_host_line(line)) << line;
  }
}

TEST(DynamicHostLine, ReplacementKeepsTheIndentation) {
  EXPECT_EQ(dynamic_host_line("host=DYNAMIC", "abc"), "host = DYNAMIC/abc");
  EXPECT_EQ(dynamic_host_line(" \t host =  DYNAMIC  ", "x/y+z"), " \t host = DYNAMIC/x/y+z");
}

TEST(PendingLineRewrite, CommitChangesOnlyThatLine) {
  Dir d;
  std::string before = "+ a\nhost = DYNAMIC\n+ b\n  host  =  DYNAMIC\n+ c\nhost = DYNAMIC/old\n";
  std::string file = d.write("config", before);
  auto p = prepared(file, 4, "NEW+/x");
  EXPECT_EQ(d.read("config"), before) << "nothing changes before commit";
  ASSERT_TRUE(committed(p));
  EXPECT_EQ(d.read("config"),
            "+ a\nhost = DYNAMIC\n+ b\n  host = DYNAMIC/NEW+/x\n+ c\nhost = DYNAMIC/old\n");
  EXPECT_EQ(d.entries(), 1) << "no temporary file left";
}

TEST(PendingLineRewrite, KeepsCrlfAndAMissingFinalNewline) {
  Dir d;
  std::string file = d.write("config", "+ a\r\nhost = DYNAMIC \r\n+ b\r\nhost = DYNAMIC");
  auto first = prepared(file, 2, "one");
  ASSERT_TRUE(committed(first));
  auto last = prepared(file, 4, "two");
  ASSERT_TRUE(committed(last));
  EXPECT_EQ(d.read("config"), "+ a\r\nhost = DYNAMIC/one\r\n+ b\r\nhost = DYNAMIC/two");
}

TEST(PendingLineRewrite, KeepsTheFileMode) {
  Dir d;
  for (mode_t mode : {0600, 0640, 0444}) {
    std::string file = d.write("config", "host = DYNAMIC\n");
    ::chmod(file.c_str(), mode);
    auto p = prepared(file, 1, "m");
    ASSERT_TRUE(committed(p));
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, mode);
    EXPECT_EQ(d.read("config"), "host = DYNAMIC/m\n");
    ::chmod(file.c_str(), 0600);
    fs::remove(file);
  }
}

TEST(PendingLineRewrite, KeepsTheFileOwner) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a file away";
  Dir d;
  std::string file = d.write("config", "host = DYNAMIC\n");
  ASSERT_EQ(::chown(file.c_str(), 12345, 23456), 0);
  ::chmod(file.c_str(), 02640);  // chown clears set-id bits; the copy must get them back
  auto p = prepared(file, 1, "o");
  ASSERT_TRUE(committed(p));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 12345u);
  EXPECT_EQ(st.st_gid, 23456u);
  EXPECT_EQ(st.st_mode & 07777, 02640u);
  EXPECT_EQ(d.read("config"), "host = DYNAMIC/o\n");
}

TEST(PendingLineRewrite, DroppedWithoutCommitLeavesNoTrace) {
  Dir d;
  std::string file = d.write("config", "host = DYNAMIC\n");
  {
    auto p = prepared(file, 1, "gone");
    EXPECT_EQ(d.entries(), 2) << "the copy waits beside the file";
  }
  EXPECT_EQ(d.read("config"), "host = DYNAMIC\n");
  EXPECT_EQ(d.entries(), 1);
}

TEST(PendingLineRewrite, RefusesALineThatIsNotPlainDynamic) {
  Dir d;
  std::string before = "host = DYNAMIC/abc\nhost = 127.0.0.1\nhost = DYNAMIC # x\n";
  std::string file = d.write("config", before);
  for (int line : {1, 2, 3}) {
    EXPECT_NE(refusal(file, line).find("is not of the form 'host = DYNAMIC'"), std::string::npos)
        << line;
  }
  EXPECT_NE(refusal(file, 4).find("has no line 4"), std::string::npos);
  EXPECT_NE(refusal(file, 0).find("has no line 0"), std::string::npos);
  EXPECT_EQ(d.read("config"), before);
  EXPECT_EQ(d.entries(), 1);
}

TEST(PendingLineRewrite, RefusesAMissingFileOrADirectory) {
  Dir d;
  EXPECT_NE(refusal(d.path() + "/none", 1).find("No such file or directory"), std::string::npos);
  EXPECT_NE(refusal(d.path(), 1).find("not a regular file"), std::string::npos);
  EXPECT_EQ(d.entries(), 0);
}

TEST(PendingLineRewrite, RewritesTheFileALinkNamesAndKeepsTheLink) {
  Dir d;
  std::string real = d.write("real.conf", "host = DYNAMIC\n");
  std::string link = d.path() + "/config";
  ASSERT_EQ(::symlink("real.conf", link.c_str()), 0);
  auto p = prepared(link, 1, "L");
  ASSERT_TRUE(committed(p));
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(d.read("real.conf"), "host = DYNAMIC/L\n");
}

TEST(PendingLineRewrite, CommitRefusedWhenTheFileChangedMeanwhile) {
  Dir d;
  std::string file = d.write("config", "host = DYNAMIC\n");
  auto p = prepared(file, 1, "late");
  d.write("config", "host = DYNAMIC\n# edited by hand meanwhile\n");
  auto result = p.commit();
  auto* r = std::get_if<PendingLineRewrite::Refusal>(&result);
  ASSERT_NE(r, nullptr);
  EXPECT_NE(r->reason.find("changed"), std::string::npos) << r->reason;
  EXPECT_EQ(d.read("config"), "host = DYNAMIC\n# edited by hand meanwhile\n");
}

TEST(PendingLineRewrite, RefusedInADirectoryItCannotWrite) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes anywhere";
  Dir d;
  std::string file = d.write("config", "host = DYNAMIC\n");
  ::chmod(d.path().c_str(), 0500);
  EXPECT_NE(refusal(file, 1).find("cannot create a copy"), std::string::npos);
  ::chmod(d.path().c_str(), 0700);
  EXPECT_EQ(d.read("config"), "host = DYNAMIC\n");
  EXPECT_EQ(d.entries(), 1);
}

}  // namespace
