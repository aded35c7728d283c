// The bytes of one spool file and its name (private to the uplink module).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smokeping::uplink::detail {

// "smokeping-spool 1 lines=N bytes=M fnv1a64=HEX\n" then each line followed by LF.
std::string encode_round(const std::vector<std::string>& lines);

struct SpoolHeader {
  std::size_t lines = 0;
  std::uint64_t payload_bytes = 0;
  std::uint64_t checksum = 0;
};

// The header of a file's first bytes, nullopt when it is not one.
std::optional<SpoolHeader> decode_header(std::string_view bytes);

// The lines of a whole file, nullopt unless header, size, checksum and count all agree.
std::optional<std::vector<std::string>> decode_round(std::string_view bytes);

struct RoundName {
  std::uint64_t seq = 0;
  std::int64_t time = 0;
};

constexpr std::string_view kRoundSuffix = ".lines";
constexpr std::string_view kTemporarySuffix = ".lines.tmp";
constexpr std::string_view kCorruptSuffix = ".corrupt";

// "round-0000000000000042-1732480000.lines" (or with kTemporarySuffix).
std::string round_name(const RoundName& name, std::string_view suffix = kRoundSuffix);
std::optional<RoundName> parse_round_name(std::string_view file, std::string_view suffix);

// The time field of a result line ("/a/b\t1732480000\tU:..."), nullopt when there is none.
std::optional<std::int64_t> line_time(std::string_view line);

}  // namespace smokeping::uplink::detail
