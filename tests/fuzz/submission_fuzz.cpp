// Fuzz target for everything the master reads from a slave's post: the form decoder
// (multipart, urlencoded), the data lines, the Storable cache decoder, the secrets lookup and
// the answer logic up to its decision.
//
// With clang: clang++ -fsanitize=fuzzer,address,undefined -DSMOKEPING_LIBFUZZER ... and run
// the binary on a corpus directory. Without libFuzzer (gcc, ctest) the main() below replays
// the files or directories given as arguments, or a built-in seed set when there are none.
//
// Input layout: byte 0 picks the content type, byte 1 the method, the rest is the body (and
// the query string for GET).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smokeping/protocol/secrets_file.hpp"
#include "smokeping/protocol/slave_cache.hpp"
#include "smokeping/protocol/storable.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/protocol/submission_lines.hpp"

namespace {

using namespace smokeping::protocol;

constexpr std::string_view kTypes[] = {
    "multipart/form-data; boundary=xYzZY",
    "multipart/form-data; boundary=\"a b\"",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "",
    "text/plain",
};
constexpr std::string_view kMethods[] = {"POST", "GET", "PUT", "HEAD"};

void one_input(std::string_view in) {
  if (in.size() < 2) return;
  std::string_view type = kTypes[static_cast<unsigned char>(in[0]) % std::size(kTypes)];
  std::string_view method = kMethods[static_cast<unsigned char>(in[1]) % std::size(kMethods)];
  std::string_view body = in.substr(2);
  FormResult form = decode_form({method, type, body, body}, 1 << 16);
  if (form.error != FormError::none) return;
  (void)is_slave_request(form.form);

  LineRules rules;
  rules.now = 1795627740;
  rules.target = [](std::string_view path) -> TargetCheck {
    if (path.size() % 3 == 0) return {TargetCheck::Status::ok, static_cast<int>(path.size() % 7)};
    if (path.size() % 3 == 1) return {TargetCheck::Status::not_assigned, 0};
    return {};
  };
  ParsedData lines = parse_data_lines(form.form.value("data"), rules);
  for (const DataLine& line : lines.accepted) {
    if (line.path.empty() || line.path.front() != '/' || line.path.find("..") != std::string::npos)
      __builtin_trap();  // a path the cache must never see
  }

  MasterSecrets secrets = MasterSecrets::from_text("/fuzz", std::string(body));
  (void)secrets.secret_for(form.form.value("slave"));

  // The same bytes as a cache file, and what we write must read back.
  DecodedCache cache = decode_slave_cache(body);
  if (cache.ok) {
    DecodedCache again = decode_slave_cache(encode_slave_cache(cache.entries));
    if (!again.ok || again.entries != cache.entries) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  one_input(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

#ifndef SMOKEPING_LIBFUZZER
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace {

void replay_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), {}};
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) replay_file(entry.path()), ++runs;
      }
    } else {
      replay_file(arg), ++runs;
    }
  }
  if (argc < 2) {
    const std::string seeds[] = {
        std::string("\0\0", 2) +
            "--xYzZY\r\nContent-Disposition: form-data; name=\"slave\"\r\n\r\nslave1\r\n"
            "--xYzZY\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n"
            "/Local/t2\t1795627740\tU:3:U:U:U:U\n/../x\t1\tU\r\n--xYzZY--\r\n",
        std::string("\3\0", 2) + "slave=s1&data=%2Fabc%091%09U%3A1%3A2",
        std::string("\0\0", 2) + "--xYzZY\r\nContent-Disposition: form-data; name=\"a",
        std::string("\4\1pst0\x05\x0b\x02\0\0\0\x01\x04\x02\0\0\0\x03\x0a\x01s\x0a\x01"
                    "1\x0a\x01U",
                    28),
    };
    for (const std::string& seed : seeds) {
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size());
      ++runs;
    }
  }
  std::cout << "submission_fuzz: " << runs << " inputs replayed\n";
  return 0;
}
#endif
