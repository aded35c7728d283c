// Fuzz target for everything the master reads from a slave's post: the form decoder
// (multipart, urlencoded), the data lines, the Storable cache decoder, the secrets lookup and
// the answer logic up to its decision.
//
// With clang: clang++ -fsanitize=fuzzer,address,undefined ... and run the binary on a corpus
// directory. Without libFuzzer (gcc, ctest) tests/fuzz/replay_main.cpp replays the files or
// directories given as arguments.
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
