// Secrets files (master-slave.md §2.5, §8): the lookup rules of the original, and our
// stricter refusal of files others could read or change.
#include "smokeping/protocol/secrets_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace smokeping::protocol {
namespace {

class SecretsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sp-secrets-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }
  std::filesystem::path dir_;
};

// ---- the master's file: who may own it, which modes ----

TEST_F(SecretsFileTest, MasterAcceptsMode600OwnedByUs) {
  MasterSecrets s = MasterSecrets::load(write("secrets", "slave1:s3cret-one\n"));
  ASSERT_TRUE(s.usable()) << s.message();
  EXPECT_EQ(s.secret_for("slave1"), "s3cret-one");
  EXPECT_TRUE(MasterSecrets::load(write("ro", "slave1:x\n", 0400)).usable());
}

TEST_F(SecretsFileTest, MasterRefusesGroupOrWorldBits) {
  for (mode_t mode : {0640, 0644, 0604, 0620, 0602, 0660, 0666}) {
    std::string path = write("secrets", "slave1:s3cret-one\n", mode);
    MasterSecrets s = MasterSecrets::load(path);
    EXPECT_FALSE(s.usable()) << std::oct << mode;
    EXPECT_EQ(s.error(), SecretsError::group_or_world_access) << std::oct << mode;
    EXPECT_EQ(s.secret_for("slave1"), std::nullopt);
    char mode_text[8];
    std::snprintf(mode_text, sizeof mode_text, "%04o", static_cast<unsigned>(mode));
    EXPECT_EQ(s.message(), "Secrets file " + path +
                               " is readable or writable by group or others (mode " + mode_text +
                               "), refusing it; it must be mode 0600");
  }
}

TEST_F(SecretsFileTest, MasterRefusesAForeignOwner) {
  std::string path = write("secrets", "slave1:s3cret-one\n");
  uid_t other = ::geteuid() + 1;
  MasterSecrets s = MasterSecrets::load(path, other);
  EXPECT_EQ(s.error(), SecretsError::foreign_owner);
  EXPECT_EQ(s.message(), "Secrets file " + path + " is owned by uid " +
                             std::to_string(::geteuid()) + ", not by uid " + std::to_string(other) +
                             " that smokeping runs as, refusing it");
}

TEST_F(SecretsFileTest, MasterRefusesAFileChownedToSomebodyElse) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file away";
  std::string path = write("secrets", "slave1:s3cret-one\n");
  ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
  EXPECT_EQ(MasterSecrets::load(path).error(), SecretsError::foreign_owner);
}

TEST_F(SecretsFileTest, MasterCannotOpenIsTheOriginalsText) {
  std::string path = (dir_ / "missing").string();
  MasterSecrets s = MasterSecrets::load(path);
  EXPECT_EQ(s.error(), SecretsError::cannot_open);
  EXPECT_EQ(s.sys_errno(), ENOENT);
  EXPECT_EQ(s.message(), "Opening secrets file " + path + ": No such file or directory");
}

TEST_F(SecretsFileTest, MasterRefusesSymlinksAndDirectories) {
  std::string target = write("real", "slave1:x\n");
  std::string link = (dir_ / "link").string();
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  MasterSecrets via_link = MasterSecrets::load(link);
  EXPECT_EQ(via_link.error(), SecretsError::cannot_open);
  EXPECT_EQ(via_link.message(), "Secrets file " + link + " is a symbolic link, refusing it");

  std::string sub = (dir_ / "sub").string();
  ::mkdir(sub.c_str(), 0700);
  EXPECT_EQ(MasterSecrets::load(sub).error(), SecretsError::not_regular);
}

// ---- the master's lookup: /^<slave>:(\S+)/ on the first line that matches ----

TEST(MasterSecretsLookup, RulesOfTheOriginal) {
  struct Case {
    const char* text;
    const char* slave;
    std::optional<std::string> secret;
  };
  const Case cases[] = {
      {"slave1:s3cret-one\nslave2:s3cret-two\n", "slave2", "s3cret-two"},
      {"slave2:two two\n", "slave2", "two"},              // cut at whitespace (V7)
      {"slave1:s3cret-one\r\n", "slave1", "s3cret-one"},  // CR ignored
      {"slave1:abc\tdef\n", "slave1", "abc"},
      {"slave1: s3cret\n", "slave1", std::nullopt},           // space after the colon
      {"slave1:\nslave1:later\n", "slave1", "later"},         // an empty secret does not match
      {"slave1:first\nslave1:second\n", "slave1", "first"},   // the first match wins
      {"slave1:0\nslave1:second\n", "slave1", std::nullopt},  // "0" is no secret, and stops
      {"slave1:00\n", "slave1", "00"},                        // only "0" is Perl-false
      {"# comment\n\nslave1:x", "slave1", "x"},               // no final LF needed
      {" slave1:x\n", "slave1", std::nullopt},                // anchored at the line start
      {"slave10:x\n", "slave1", std::nullopt},
      {"slave1:x\n", "slave10", std::nullopt},
      {"slaveX1:x\n", "slave.1", std::nullopt},  // literal, not a regex (W10)
      {"slave.1:y\n", "slave.1", "y"},
      {"a:b:c\n", "a", "b:c"},
      {"", "slave1", std::nullopt},
  };
  for (const Case& c : cases) {
    MasterSecrets s = MasterSecrets::from_text("/x", c.text);
    EXPECT_EQ(s.secret_for(c.slave), c.secret) << c.text << " / " << c.slave;
  }
}

// ---- the slave's file: the first line, chomped once ----

TEST_F(SecretsFileTest, SlaveSecretIsTheFirstLineChompedOnce) {
  struct Case {
    const char* text;
    const char* secret;
    bool whitespace;
  };
  const Case cases[] = {
      {"s3cret-one\n", "s3cret-one", false},
      {"s3cret-one", "s3cret-one", false},
      {"s3cret-one\r\n", "s3cret-one\r", true},  // V6: the CR stays
      {" two two \nsecond line\n", " two two ", true},
      {"\n", "", false},
      {"", "", false},
      {"a\n\n", "a", false},
  };
  for (const Case& c : cases) {
    SlaveSecret s = read_slave_secret(write("secret", c.text));
    ASSERT_EQ(s.error, SecretsError::none) << s.message;
    EXPECT_EQ(s.secret, c.secret) << c.text;
    EXPECT_EQ(s.has_whitespace, c.whitespace) << c.text;
  }
}

TEST_F(SecretsFileTest, SlaveRefusesGroupOrWorldReadableFiles) {
  EXPECT_EQ(read_slave_secret(write("ok", "x\n", 0600)).error, SecretsError::none);
  for (mode_t mode : {0640, 0644, 0604, 0660}) {
    std::string path = write("secret", "x\n", mode);
    SlaveSecret s = read_slave_secret(path);
    EXPECT_EQ(s.error, SecretsError::group_or_world_access) << std::oct << mode;
    EXPECT_EQ(s.secret, "");
    EXPECT_NE(s.message.find("ERROR: the shared secret file (" + path +
                             ") is readable or "
                             "writable by group or others"),
              std::string::npos)
        << s.message;
  }
}

TEST_F(SecretsFileTest, SlaveMissingFileAndOwner) {
  std::string path = (dir_ / "none").string();
  SlaveSecret missing = read_slave_secret(path);
  EXPECT_EQ(missing.error, SecretsError::cannot_open);
  EXPECT_EQ(missing.message, "ERROR: the shared secret file (" + path +
                                 ") cannot be opened: No such file or directory");
  std::string mine = write("mine", "x\n");
  EXPECT_EQ(read_slave_secret(mine, ::geteuid()).error, SecretsError::none);
  EXPECT_EQ(read_slave_secret(mine, ::geteuid() + 1).error, SecretsError::foreign_owner);
}

}  // namespace
}  // namespace smokeping::protocol
