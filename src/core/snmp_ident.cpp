#include "smokeping/core/snmp_ident.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace smokeping::core {
namespace {

using namespace std::string_view_literals;

constexpr unsigned char kSequence = 0x30, kInteger = 0x02, kOctetString = 0x04, kNull = 0x05,
                        kOid = 0x06, kIpAddress = 0x40, kCounter = 0x41, kGauge = 0x42,
                        kTimeTicks = 0x43, kGetRequest = 0xa0, kGetResponse = 0xa2;
// 1.3.6.1.2.1.1.{4,5,6}.0, already in BER (the first two arcs make 0x2b).
constexpr std::string_view kIdentOids[] = {"\x2b\x06\x01\x02\x01\x01\x04\x00"sv,
                                           "\x2b\x06\x01\x02\x01\x01\x05\x00"sv,
                                           "\x2b\x06\x01\x02\x01\x01\x06\x00"sv};
constexpr std::size_t kMaxPacket = 65535;

std::string tlv(unsigned char tag, std::string_view content) {
  std::string out(1, static_cast<char>(tag));
  const std::size_t n = content.size();
  if (n < 0x80) {
    out += static_cast<char>(n);
  } else if (n <= 0xff) {
    out += '\x81';
    out += static_cast<char>(n);
  } else {
    out += '\x82';
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xff);
  }
  return out.append(content);
}

std::string integer(std::int64_t value) {
  std::string bytes;
  // Big-endian two's complement in as few bytes as keep the sign.
  for (int shift = 56; shift >= 0; shift -= 8) bytes += static_cast<char>((value >> shift) & 0xff);
  std::size_t skip = 0;
  while (skip + 1 < bytes.size() && ((bytes[skip] == '\0' && !(bytes[skip + 1] & 0x80)) ||
                                     (bytes[skip] == '\xff' && (bytes[skip + 1] & 0x80)))) {
    ++skip;
  }
  return tlv(kInteger, std::string_view(bytes).substr(skip));
}

// Reads one TLV from the front of `in`; false when it is cut short or uses a length form
// SNMP never needs.
bool take(std::string_view& in, unsigned char& tag, std::string_view& content) {
  if (in.size() < 2) return false;
  tag = static_cast<unsigned char>(in[0]);
  std::size_t length = static_cast<unsigned char>(in[1]);
  std::size_t header = 2;
  if (length & 0x80) {
    const std::size_t octets = length & 0x7f;
    if (octets == 0 || octets > 2 || in.size() < 2 + octets) return false;
    length = 0;
    for (std::size_t i = 0; i < octets; ++i) {
      length = (length << 8) | static_cast<unsigned char>(in[2 + i]);
    }
    header += octets;
  }
  if (in.size() - header < length) return false;
  content = in.substr(header, length);
  in.remove_prefix(header + length);
  return true;
}

bool take_expected(std::string_view& in, unsigned char expected, std::string_view& content) {
  unsigned char tag = 0;
  return take(in, tag, content) && tag == expected;
}

std::optional<std::int64_t> signed_value(std::string_view content) {
  if (content.empty() || content.size() > 8) return std::nullopt;
  std::int64_t value = (content[0] & 0x80) ? -1 : 0;
  for (char c : content) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

std::optional<std::uint64_t> unsigned_value(std::string_view content) {
  if (content.empty() || content.size() > 9) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : content) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

std::optional<std::string> printable(unsigned char tag, std::string_view content) {
  switch (tag) {
    case kOctetString:
      return std::string(content);
    case kInteger:
      if (auto v = signed_value(content)) return std::to_string(*v);
      return std::nullopt;
    case kCounter:
    case kGauge:
    case kTimeTicks:
      if (auto v = unsigned_value(content)) return std::to_string(*v);
      return std::nullopt;
    case kIpAddress:
      if (content.size() != 4) return std::nullopt;
      return std::to_string(static_cast<unsigned char>(content[0])) + "." +
             std::to_string(static_cast<unsigned char>(content[1])) + "." +
             std::to_string(static_cast<unsigned char>(content[2])) + "." +
             std::to_string(static_cast<unsigned char>(content[3]));
    default:
      return std::nullopt;
  }
}

// A UDP socket connected to the query's address, so that only its answers arrive.
int connected_socket(const SnmpQuery& query) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (::inet_pton(AF_INET, query.address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(query.port);
    length = sizeof *v4;
  } else if (::inet_pton(AF_INET6, query.address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(query.port);
    length = sizeof *v6;
  } else {
    return -1;
  }
  const int fd = ::socket(storage.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Waits for the answer to `request_id` until `deadline`; other packets are ignored.
std::optional<std::vector<std::optional<std::string>>> await_answer(
    int fd, std::int32_t request_id, std::chrono::steady_clock::time_point deadline) {
  std::string buffer(kMaxPacket, '\0');
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return std::nullopt;
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    // A refused port (ICMP unreachable) shows as an error here: no SNMP agent, no answer.
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    auto values = snmp_response_values(std::string_view(buffer.data(), static_cast<std::size_t>(n)),
                                       request_id);
    if (values) return values;
  }
}

}  // namespace

std::string snmp_ident_request(std::int32_t request_id, std::string_view community) {
  std::string bindings;
  for (std::string_view oid : kIdentOids) {
    bindings += tlv(kSequence, tlv(kOid, oid) + tlv(kNull, ""));
  }
  const std::string pdu = integer(request_id) + integer(0) + integer(0) + tlv(kSequence, bindings);
  return tlv(kSequence, integer(0) + tlv(kOctetString, community) + tlv(kGetRequest, pdu));
}

std::optional<std::vector<std::optional<std::string>>> snmp_response_values(
    std::string_view packet, std::int32_t request_id) {
  std::string_view message, field, pdu, bindings;
  if (!take_expected(packet, kSequence, message) || !packet.empty()) return std::nullopt;
  if (!take_expected(message, kInteger, field) || signed_value(field) != 0) return std::nullopt;
  if (!take_expected(message, kOctetString, field)) return std::nullopt;
  if (!take_expected(message, kGetResponse, pdu)) return std::nullopt;
  if (!take_expected(pdu, kInteger, field) || signed_value(field) != request_id) {
    return std::nullopt;
  }
  if (!take_expected(pdu, kInteger, field) || signed_value(field) != 0) return std::nullopt;
  if (!take_expected(pdu, kInteger, field)) return std::nullopt;
  if (!take_expected(pdu, kSequence, bindings)) return std::nullopt;
  std::vector<std::optional<std::string>> values;
  while (!bindings.empty()) {
    std::string_view binding, oid, value;
    unsigned char tag = 0;
    if (!take_expected(bindings, kSequence, binding) || !take_expected(binding, kOid, oid) ||
        !take(binding, tag, value)) {
      return std::nullopt;
    }
    values.push_back(printable(tag, value));
  }
  return values;
}

std::optional<std::string> snmp_ident_text(const std::vector<std::optional<std::string>>& values) {
  std::string text;
  bool any = false;
  for (const auto& value : values) {
    if (!value) continue;
    if (any) text += '/';
    text += *value;
    any = true;
  }
  // Perl's \s: space, \t, \n, \v, \f, \r.
  std::erase_if(text, [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
  // The original keeps the answer only when it is Perl-true.
  if (!any || text.empty() || text == "0") return std::nullopt;
  return text;
}

std::optional<std::string> snmp_ident(const SnmpQuery& query) {
  const int fd = connected_socket(query);
  if (fd < 0) return std::nullopt;
  std::random_device random;
  const auto request_id = static_cast<std::int32_t>(random() & 0x7fffffff);
  const std::string request = snmp_ident_request(request_id, "public");
  std::optional<std::vector<std::optional<std::string>>> values;
  for (int attempt = 0; attempt <= query.retries && !values; ++attempt) {
    if (::send(fd, request.data(), request.size(), 0) < 0) break;
    values = await_answer(fd, request_id, std::chrono::steady_clock::now() + query.timeout);
  }
  ::close(fd);
  if (!values) return std::nullopt;
  return snmp_ident_text(*values);
}

}  // namespace smokeping::core
