#include "smokeping/uplink/post_body.hpp"

#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include "smokeping/protocol/auth_signature.hpp"
#include "smokeping/protocol/hmac.hpp"

namespace smokeping::uplink {

namespace {

constexpr std::string_view kDefaultBoundary = "xYzZY";

std::string random_alnum(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string out;
  for (std::size_t i = 0; i < length; ++i) out += kAlphabet[pick(rng)];
  return out;
}

}  // namespace

std::string data_text(std::span<const std::string> lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i];
  }
  return out;
}

void sign_fields(PostFields& fields, std::string_view secret, std::int64_t now) {
  fields.auth_ts = std::to_string(now);
  fields.auth_nonce = protocol::random_hex(protocol::kAuthNonceBytes);
  const std::string config_time = std::to_string(fields.config_time);
  fields.auth_key = protocol::sign_post(secret, {fields.slave, fields.protocol, fields.auth_ts,
                                                 fields.auth_nonce, config_time, fields.data});
}

MultipartBody multipart_body(const PostFields& fields) {
  const std::string config_time = std::to_string(fields.config_time);
  std::vector<std::pair<std::string_view, std::string_view>> parts = {
      {"slave", fields.slave}, {"key", fields.key},          {"protocol", fields.protocol},
      {"data", fields.data},   {"config_time", config_time},
  };
  if (!fields.auth_key.empty()) {
    parts.emplace_back(protocol::kAuthTsField, fields.auth_ts);
    parts.emplace_back(protocol::kAuthNonceField, fields.auth_nonce);
    parts.emplace_back(protocol::kAuthKeyField, fields.auth_key);
  }
  auto clashes = [&](std::string_view boundary) {
    for (const auto& [name, value] : parts) {
      if (value.find(boundary) != std::string_view::npos) return true;
    }
    return false;
  };
  MultipartBody body;
  body.boundary = kDefaultBoundary;
  // Longer boundaries make a clash ever less likely, as HTTP::Request::Common does.
  for (std::size_t length = 4; clashes(body.boundary); length += 4) {
    body.boundary = random_alnum(length);
  }
  for (const auto& [name, value] : parts) {
    body.bytes.append("--").append(body.boundary).append("\r\n");
    body.bytes.append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n");
    body.bytes.append("\r\n").append(value).append("\r\n");
  }
  body.bytes.append("--").append(body.boundary).append("--\r\n");
  return body;
}

}  // namespace smokeping::uplink
