// Fuzz target for everything the master reads from a slave's post: the form decoder
// (multipart, urlencoded) with the content type the request names, the data lines, the
// Storable cache decoder, the secrets file and the signed protocol's auth fields.
//
// Built as a libFuzzer binary with -DSMOKEPING_FUZZ=ON (clang, cmake/Fuzz.cmake); for any
// compiler tests/fuzz/replay_main.cpp replays its corpus in ctest.
//
// Input: a raw HTTP request (http_input.hpp), like the slaves' posts captured in
// ../shared/reference/protocol: the method and query string come from the request line, the
// CONTENT_TYPE from the Content-Type header, the body is what follows the headers. The body
// is also read as a secrets file and as a cache file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smokeping/protocol/auth_signature.hpp"
#include "smokeping/protocol/secrets_file.hpp"
#include "smokeping/protocol/slave_cache.hpp"
#include "smokeping/protocol/storable.hpp"
#include "smokeping/protocol/submission_form.hpp"
#include "smokeping/protocol/submission_lines.hpp"
#include "tests/fuzz/http_input.hpp"

namespace {

using namespace smokeping::protocol;

// What an accepted line's path must be: '/'-separated components after a leading '/', none
// empty, "." or "..", no control bytes ("/Loc../t2" is fine: "Loc.." is a name).
bool is_clean_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  std::string_view rest = path.substr(1);
  for (;;) {
    std::size_t slash = rest.find('/');
    std::string_view component = rest.substr(0, slash);
    if (component.empty() || component == "." || component == "..") return false;
    if (slash == std::string_view::npos) return true;
    rest.remove_prefix(slash + 1);
  }
}

// The data lines of a decoded form, against a made-up set of targets: each path is assigned,
// not assigned or unknown by its length.
void check_data_lines(const FormFields& form) {
  (void)is_slave_request(form);
  LineRules rules;
  rules.now = 1795627740;
  rules.target = [](std::string_view path) -> TargetCheck {
    if (path.size() % 3 == 0) return {TargetCheck::Status::ok, static_cast<int>(path.size() % 7)};
    if (path.size() % 3 == 1) return {TargetCheck::Status::not_assigned, 0};
    return {};
  };
  ParsedData lines = parse_data_lines(form.value("data"), rules);
  for (const DataLine& line : lines.accepted) {
    if (!is_clean_path(line.path)) __builtin_trap();  // a path the cache must never see
  }
}

// The signed protocol's fields (docs/protocol-auth.md), checked with a fixed secret and clock
// so that a seed signed with them gets through to the end. What passes must be what the
// replay store is given: a timestamp within the window and a 32-character nonce.
void check_signed_fields(const FormFields& form) {
  if (!has_auth_fields(form)) return;
  constexpr std::int64_t kNow = 1795627740;
  AuthCheck check = check_post_auth(form, "s3cret-one", kNow);
  if (check.problem != AuthProblem::none) {
    (void)to_string(check.problem);
    return;
  }
  if (check.ts < kNow - kAuthWindowSeconds || check.ts > kNow + kAuthWindowSeconds)
    __builtin_trap();
  if (check.nonce.size() != 2 * kAuthNonceBytes) __builtin_trap();
}

void one_input(std::string_view bytes) {
  const smokeping::fuzz::HttpInput in = smokeping::fuzz::split_http_request(bytes);
  FormResult form =
      decode_form({in.method, in.header("Content-Type"), in.query, in.body}, std::size_t{1} << 16);
  if (form.error == FormError::none) {
    check_data_lines(form.form);
    check_signed_fields(form.form);
  }

  MasterSecrets secrets = MasterSecrets::from_text("/fuzz", std::string(in.body));
  (void)secrets.secret_for(form.form.value("slave"));

  // The same bytes as a cache file, and what we write must read back.
  DecodedCache cache = decode_slave_cache(in.body);
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
