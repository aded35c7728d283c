// Test support for the CGI's tests: posts built as the Perl slave builds them (multipart,
// boundary xYzZY), CGI requests, a log that collects lines, and snapshots of a directory tree
// to prove that a refused request changed nothing.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "smokeping/protocol/hmac.hpp"
#include "smokeping/web/cgi_log.hpp"
#include "smokeping/web/http.hpp"

namespace smokeping::web::test {

using Fields = std::vector<std::pair<std::string, std::string>>;

// A multipart/form-data body of `fields`, in order, as HTTP::Request::Common writes it.
inline std::string multipart_body(const Fields& fields, const std::string& boundary = "xYzZY") {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

// The five fields of a slave's post, the key made with `secret`.
inline Fields slave_fields(const std::string& slave, const std::string& data,
                           const std::string& secret, const std::string& config_time,
                           const std::string& protocol = "2") {
  return {{"slave", slave},
          {"key", protocol::hmac_md5_hex(secret, data)},
          {"protocol", protocol},
          {"data", data},
          {"config_time", config_time}};
}

inline Request post_request(std::string body,
                            std::string content_type = "multipart/form-data; boundary=xYzZY") {
  Request r;
  r.env = {{"REQUEST_METHOD", "POST"},
           {"CONTENT_TYPE", std::move(content_type)},
           {"CONTENT_LENGTH", std::to_string(body.size())},
           {"REMOTE_ADDR", "127.0.0.9"},
           {"SCRIPT_NAME", "/smokeping.cgi"}};
  r.body = std::move(body);
  return r;
}

inline Request get_request(std::string query) {
  Request r;
  r.env = {{"REQUEST_METHOD", "GET"},
           {"QUERY_STRING", std::move(query)},
           {"REMOTE_ADDR", "127.0.0.9"},
           {"SCRIPT_NAME", "/smokeping.cgi"}};
  return r;
}

// Collects the log lines a CgiLog writes.
struct LogLines {
  std::vector<std::string> lines;
  CgiLog log() {
    return CgiLog([this](std::string_view line) { lines.emplace_back(line); });
  }
  std::string all() const {
    std::string text;
    for (const auto& l : lines) text += l;
    return text;
  }
  bool any_contains(std::string_view text) const { return all().find(text) != std::string::npos; }
};

// Every file under `root` with its bytes, and every directory; symbolic links are not followed.
inline std::map<std::string, std::string> tree_snapshot(const std::string& root) {
  std::map<std::string, std::string> snapshot;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string rel = std::filesystem::relative(entry.path(), root).string();
    if (entry.is_directory()) {
      snapshot[rel + "/"] = "";
    } else {
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      struct stat st {};
      ::lstat(entry.path().c_str(), &st);
      snapshot[rel] = std::to_string(st.st_mode) + ":" + bytes.str();
    }
  }
  return snapshot;
}

}  // namespace smokeping::web::test
