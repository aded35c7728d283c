// Perl Storable subset: the exact bytes the original's nstore writes (master-slave.md §5,
// §6.1), files written by perl read back, and ours read by perl. The perl round trips are
// skipped when perl or its Storable module is missing.
#include "smokeping/protocol/storable.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace smokeping::protocol::storable {
namespace {

std::string unhex(std::string_view hex) {
  std::string digits;
  for (char c : hex) {
    if (c != ' ') digits.push_back(c);
  }
  std::string out;
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  return out;
}

Value S(std::string s) { return Value::scalar_of(std::move(s)); }
Value A(std::vector<Value> v) { return Value::array_of(std::move(v)); }

// The §6.1 example: nstore [["slave1","1732480000","U:3:U:U:U:U"]].
const std::string kMasterCacheBytes = unhex(
    "7073743005 0b 02 00000001 04 02 00000003 0a 06 736c61766531 0a 0a 31373332343830303030"
    " 0a 0b 553a333a553a553a553a55");

TEST(StorableWrite, MasterCacheExampleOfTheSpec) {
  Value root = A({A({S("slave1"), S("1732480000"), S("U:3:U:U:U:U")})});
  EXPECT_EQ(write_network(root), kMasterCacheBytes);
}

TEST(StorableWrite, SlaveCacheExampleOfTheSpec) {
  // §5: the slave's data.cache, an array of line strings.
  std::string expected = unhex("7073743005 0b 02 00000001 0a 1b") + "/a/b\t1732480000\tU:3:U:U:U:U";
  EXPECT_EQ(write_network(A({S("/a/b\t1732480000\tU:3:U:U:U:U")})), expected);
}

TEST(StorableWrite, LongScalarsEmptyArrayAndUndef) {
  EXPECT_EQ(write_network(A({})), unhex("7073743005 0b 02 00000000"));
  std::string x300(300, 'x');
  EXPECT_EQ(write_network(A({Value{}, S(x300)})),
            unhex("7073743005 0b 02 00000002 05 01 0000012c") + x300);
  EXPECT_EQ(write_network(A({S(std::string(255, 'y'))})).substr(11, 2), unhex("0a ff"));
}

TEST(StorableWrite, RootMustBeAnArray) {
  EXPECT_THROW(write_network(S("x")), std::invalid_argument);
}

TEST(StorableRead, MasterCacheExample) {
  ReadResult r = read(kMasterCacheBytes);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.root, A({A({S("slave1"), S("1732480000"), S("U:3:U:U:U:U")})}));
}

// perl -MStorable=nstore -e 'nstore [["s", 5, 300, 70000, -1, 1.5, undef, "x" x 300,
//   "\x{e9}", "\x{263a}"]], $f' (Storable 3.26): numbers as Perl keeps them, UTF-8 strings.
TEST(StorableRead, NumbersUndefAndUtf8InNetworkOrder) {
  std::string bytes = unhex(
                          "7073743005 0b 02 00000001 04 02 0000000a 0a 01 73 08 85 09 0000012c"
                          " 09 00011170 08 7f 0a 03 312e35 05 01 0000012c") +
                      std::string(300, 'x') + unhex("0a 01 e9 17 03 e298ba");
  ReadResult r = read(bytes);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.root, A({A({S("s"), S("5"), S("300"), S("70000"), S("-1"), S("1.5"), Value{},
                          S(std::string(300, 'x')), S("\xe9"), S("\xe2\x98\xba")})}));
}

// The same list written with `store` (native order) on x86-64.
TEST(StorableRead, NativeOrderOfThisMachine) {
  std::string bytes = unhex(
                          "7073743004 0b 08 3132333435363738 04 08 08 08 02 01000000 04 02"
                          " 0a000000 0a 01 73 08 85 06 2c01000000000000 06 7011010000000000"
                          " 08 7f 07 000000000000f83f 05 01 2c010000") +
                      std::string(300, 'x') + unhex("0a 01 e9 17 03 e298ba");
  ReadResult r = read(bytes);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.root, A({A({S("s"), S("5"), S("300"), S("70000"), S("-1"), S("1.5"), Value{},
                          S(std::string(300, 'x')), S("\xe9"), S("\xe2\x98\xba")})}));
}

TEST(StorableRead, RefusesWhatItDoesNotKnow) {
  struct Case {
    const char* name;
    std::string bytes;
  };
  const Case cases[] = {
      {"empty", ""},
      {"bad magic", unhex("7073743105 0b 02 00000000")},
      {"major 1", unhex("7073743003 0b 02 00000000")},
      {"truncated count", unhex("7073743005 0b 02 0000")},
      {"truncated scalar", unhex("7073743005 0b 02 00000001 0a 05 6162")},
      {"count larger than the data", unhex("7073743005 0b 02 7fffffff 05")},
      {"negative length", unhex("7073743005 0b 02 80000000")},
      {"top is a scalar", unhex("7073743005 0b 0a 01 61")},
      {"hash", unhex("7073743005 0b 02 00000001 04 03 00000000")},
      {"shared reference", unhex("7073743005 0b 02 00000001 00 00000000")},
      {"reference to a scalar", unhex("7073743005 0b 02 00000001 04 0a 01 61")},
      {"blessed", unhex("7073743005 0b 02 00000001 11 01 41 02 00000000")},
      {"native integer in network order", unhex("7073743005 0b 02 00000001 06 0000000000000001")},
      {"other byte order", unhex("7073743004 0b 08 3837363534333231 04 08 08 08 02 00000000")},
  };
  for (const Case& c : cases) {
    ReadResult r = read(c.bytes);
    EXPECT_FALSE(r.ok) << c.name;
    EXPECT_FALSE(r.error.empty()) << c.name;
  }
}

TEST(StorableRead, LimitsNesting) {
  std::string bytes = unhex("7073743005 0b 02 00000001");
  for (int i = 0; i < 20; ++i) bytes += unhex("04 02 00000001");
  bytes += unhex("05");
  EXPECT_FALSE(read(bytes).ok);
  EXPECT_TRUE(read(bytes, 30).ok);
}

TEST(StorableRead, EveryTruncationIsAnErrorNotACrash) {
  Value root = A({A({S("slave1"), S("1732480000"), S(std::string(400, 'U'))}), Value{}});
  std::string bytes = write_network(root);
  for (std::size_t n = 0; n < bytes.size(); ++n) EXPECT_FALSE(read(bytes.substr(0, n)).ok) << n;
  EXPECT_TRUE(read(bytes).ok);
}

// ---- round trips through the real perl ----

class PerlStorable : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("perl -MStorable -e 1 >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "perl with Storable is not installed";
    dir_ =
        std::filesystem::temp_directory_path() / ("sp-storable-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  // Runs `perl -e script file` and returns its standard output.
  std::string perl(const std::string& script, const std::filesystem::path& file) {
    std::filesystem::path script_file = dir_ / "script.pl";
    std::ofstream(script_file) << script;
    std::string cmd = "perl " + script_file.string() + " " + file.string();
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << cmd;
    return out;
  }

  static std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  std::filesystem::path dir_;
};

TEST_F(PerlStorable, PerlReadsOurFile) {
  Value root = A({A({S("slave1"), S("1732480000"), S("U:3:U:U:U:U")}),
                  A({S("slave2"), S("1732480010"), S(std::string(300, '9'))}), Value{}});
  std::filesystem::path file = dir_ / "ours.slave_cache";
  std::ofstream(file, std::ios::binary) << write_network(root);
  std::string out = perl(R"(use Storable qw(retrieve); use Data::Dumper;
$Data::Dumper::Indent = 0; $Data::Dumper::Sortkeys = 1;
print Dumper(retrieve(shift));)",
                         file);
  EXPECT_EQ(out, "$VAR1 = [['slave1','1732480000','U:3:U:U:U:U'],['slave2','1732480010','" +
                     std::string(300, '9') + "'],undef];");
}

TEST_F(PerlStorable, OurBytesAreWhatNstoreWrites) {
  std::filesystem::path file = dir_ / "perl.slave_cache";
  perl(R"(use Storable qw(nstore);
my @l = split /\t/, "/Local/t2\t1795627740\tU:0:2.6000000000e-05:1.8e-05:2.6e-05:3.6e-05";
nstore([["slave1", $l[1], $l[2]], ["slave1", "1795627750", "x" x 256]], shift);)",
       file);
  Value root =
      A({A({S("slave1"), S("1795627740"), S("U:0:2.6000000000e-05:1.8e-05:2.6e-05:3.6e-05")}),
         A({S("slave1"), S("1795627750"), S(std::string(256, 'x'))})});
  EXPECT_EQ(slurp(file), write_network(root));
}

TEST_F(PerlStorable, WeReadPerlsFilesInBothByteOrders) {
  for (const char* fn : {"nstore", "store"}) {
    std::filesystem::path file = dir_ / (std::string(fn) + ".bin");
    perl(std::string("use Storable qw(") + fn + "); my $n = 70000; my $d = 0.25; " + fn +
             "([[\"s1\", $n, $d, undef, -3, \"\\x{263a}\", \"a\" x 1000]], shift);",
         file);
    ReadResult r = read(slurp(file));
    ASSERT_TRUE(r.ok) << fn << ": " << r.error;
    EXPECT_EQ(r.root, A({A({S("s1"), S("70000"), S("0.25"), Value{}, S("-3"), S("\xe2\x98\xba"),
                            S(std::string(1000, 'a'))})}))
        << fn;
  }
}

}  // namespace
}  // namespace smokeping::protocol::storable
