#include "src/uplink/detail/spool_format.hpp"

#include <fmt/format.h>

#include <charconv>

#include "smokeping/core/fnv1a.hpp"

namespace smokeping::uplink::detail {

namespace {

constexpr std::string_view kMagic = "smokeping-spool 1 ";

template <typename T>
bool parse_number(std::string_view text, T& out, int base = 10) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return ec == std::errc() && end == text.data() + text.size();
}

// "key=value" at the front of `rest`, which then starts after the following space.
bool take_field(std::string_view& rest, std::string_view key, std::string_view& value) {
  if (rest.substr(0, key.size()) != key || rest.substr(key.size(), 1) != "=") return false;
  rest.remove_prefix(key.size() + 1);
  std::size_t end = rest.find(' ');
  value = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  return true;
}

}  // namespace

std::string encode_round(const std::vector<std::string>& lines) {
  std::string payload;
  for (const std::string& line : lines) payload.append(line).push_back('\n');
  return fmt::format("{}lines={} bytes={} fnv1a64={:016x}\n", kMagic, lines.size(), payload.size(),
                     core::fnv1a64(payload)) +
         payload;
}

std::optional<SpoolHeader> decode_header(std::string_view bytes) {
  std::size_t eol = bytes.find('\n');
  if (eol == std::string_view::npos || bytes.substr(0, kMagic.size()) != kMagic) return {};
  std::string_view rest = bytes.substr(kMagic.size(), eol - kMagic.size());
  std::string_view lines, size, sum;
  SpoolHeader h;
  if (!take_field(rest, "lines", lines) || !take_field(rest, "bytes", size) ||
      !take_field(rest, "fnv1a64", sum) || !rest.empty() || !parse_number(lines, h.lines) ||
      !parse_number(size, h.payload_bytes) || sum.size() != 16 ||
      !parse_number(sum, h.checksum, 16)) {
    return {};
  }
  return h;
}

std::optional<std::vector<std::string>> decode_round(std::string_view bytes) {
  auto header = decode_header(bytes);
  if (!header) return {};
  std::string_view payload = bytes.substr(bytes.find('\n') + 1);
  if (payload.size() != header->payload_bytes || core::fnv1a64(payload) != header->checksum)
    return {};
  std::vector<std::string> lines;
  while (!payload.empty()) {
    std::size_t eol = payload.find('\n');
    if (eol == std::string_view::npos) return {};
    lines.emplace_back(payload.substr(0, eol));
    payload.remove_prefix(eol + 1);
  }
  if (lines.size() != header->lines) return {};
  return lines;
}

std::string round_name(const RoundName& name, std::string_view suffix) {
  return fmt::format("round-{:016}-{}{}", name.seq, name.time, suffix);
}

std::optional<RoundName> parse_round_name(std::string_view file, std::string_view suffix) {
  constexpr std::string_view kPrefix = "round-";
  if (file.size() <= kPrefix.size() + suffix.size() || file.substr(0, kPrefix.size()) != kPrefix ||
      file.substr(file.size() - suffix.size()) != suffix) {
    return {};
  }
  std::string_view middle =
      file.substr(kPrefix.size(), file.size() - kPrefix.size() - suffix.size());
  std::size_t dash = middle.find('-');
  RoundName name;
  if (dash == std::string_view::npos || !parse_number(middle.substr(0, dash), name.seq) ||
      !parse_number(middle.substr(dash + 1), name.time)) {
    return {};
  }
  return name;
}

std::optional<std::int64_t> line_time(std::string_view line) {
  std::size_t tab = line.find('\t');
  if (tab == std::string_view::npos) return {};
  std::string_view rest = line.substr(tab + 1);
  std::int64_t time = 0;
  if (!parse_number(rest.substr(0, rest.find('\t')), time)) return {};
  return time;
}

}  // namespace smokeping::uplink::detail
