// Form decoding for the slave protocol.
//
// Why hand-written and not Debian's libcgicc-dev 3.2.19 (the style guide's first choice): we
// tried it on the inputs this module must handle. cgicc reports no error at all for a
// malformed multipart body: a truncated body silently yields the fields before the cut (a
// post whose `data` part is lost would then be answered, not refused), garbage yields an
// empty form, and a quoted boundary (`boundary="xYzZY"`, which RFC 2046 and CGI.pm accept) is
// not understood. It also reads the body itself, unbounded, from its CgiInput. What we need
// is small: split a body held in memory at the delimiter lines and read one header of each
// part. This decoder does that over a string_view, without allocation beyond the field
// values, and has a fuzz target (tests/fuzz/submission_fuzz.cpp).
#include "smokeping/protocol/submission_form.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace smokeping::protocol {
namespace {

// RFC 2046 §5.1.1: 1 to 70 characters.
constexpr std::size_t kMaxBoundary = 70;
// A slave posts five fields; this only bounds the work a hostile body can cause.
constexpr std::size_t kMaxParts = 1000;

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

std::optional<std::size_t> ifind(std::string_view text, std::string_view needle) {
  for (std::size_t at = 0; at + needle.size() <= text.size(); ++at) {
    if (iequals_prefix(text.substr(at), needle)) return at;
  }
  return std::nullopt;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// CGI::Util::unescape: '+' is a space, %XX a byte; a '%' not followed by two hex digits stays.
std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// CGI.pm's parse_params: pairs split at '&' or ';', name and value at the first '='. A string
// without any of '&', '=', ';' is a keyword list (an ISINDEX query), which sets no field.
FormFields decode_urlencoded(std::string_view text) {
  FormFields form;
  if (text.find_first_of("&=;") == std::string_view::npos) return form;
  while (true) {
    std::size_t end = text.find_first_of("&;");
    std::string_view pair = text.substr(0, end);
    std::size_t eq = pair.find('=');
    if (!pair.empty() || eq != std::string_view::npos) {
      std::string_view name = pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
      form.fields.emplace_back(unescape(name), unescape(value));
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return form;
}

// The boundary parameter of a multipart content type, quoted or not.
std::optional<std::string_view> boundary_of(std::string_view content_type) {
  std::optional<std::size_t> at = ifind(content_type, "boundary=");
  if (!at) return std::nullopt;
  std::string_view rest = content_type.substr(*at + 9);
  std::string_view b;
  if (!rest.empty() && rest.front() == '"') {
    std::size_t close = rest.find('"', 1);
    if (close == std::string_view::npos) return std::nullopt;
    b = rest.substr(1, close - 1);
  } else {
    b = rest.substr(0, rest.find_first_of(";, \t"));
  }
  if (b.empty() || b.size() > kMaxBoundary) return std::nullopt;
  return b;
}

// The `name` parameter of a part's Content-Disposition: form-data header, as CGI.pm reads it
// (a quoted string taken as is, or a token).
std::optional<std::string> disposition_name(std::string_view value) {
  std::size_t start = value.find_first_not_of(" \t");
  if (start == std::string_view::npos || !iequals_prefix(value.substr(start), "form-data"))
    return std::nullopt;
  for (std::size_t at = 0; (at = value.find("name=", at)) != std::string_view::npos; at += 5) {
    // A parameter of its own, not the tail of "filename=".
    if (at == 0 || (value[at - 1] != ';' && value[at - 1] != ' ' && value[at - 1] != '\t'))
      continue;
    std::string_view rest = value.substr(at + 5);
    if (!rest.empty() && rest.front() == '"') {
      std::size_t i = 1;
      while (i < rest.size() && rest[i] != '"') i += rest[i] == '\\' && i + 1 < rest.size() ? 2 : 1;
      if (i >= rest.size()) return std::nullopt;
      return std::string(rest.substr(1, i - 1));
    }
    return std::string(rest.substr(0, rest.find_first_of("()<>@,;:\\\"/[]?={} \t\r\n")));
  }
  return std::nullopt;
}

FormResult malformed(std::string message) {
  FormResult r;
  r.error = FormError::malformed_multipart;
  r.message = std::move(message);
  return r;
}

// RFC 7578 as LWP, curl and browsers write it: parts separated by CRLF "--" boundary, each
// with header lines, an empty line and the value, ended by "--" boundary "--". Strict about
// the framing (a truncated or garbled body is an error, never a partial form); lenient only
// where CGI.pm is too (preamble, epilogue, header case, padding after a delimiter).
FormResult decode_multipart(std::string_view content_type, std::string_view body) {
  std::optional<std::string_view> boundary = boundary_of(content_type);
  if (!boundary) return malformed("multipart content type without a usable boundary");
  const std::string delimiter = "--" + std::string(*boundary);
  const std::string next = "\r\n" + delimiter;

  // The first delimiter starts the body or a line after the preamble.
  std::size_t pos;
  if (body.substr(0, delimiter.size()) == delimiter) {
    pos = delimiter.size();
  } else {
    std::size_t at = body.find(next);
    if (at == std::string_view::npos) return malformed("multipart body without its boundary");
    pos = at + next.size();
  }

  FormResult result;
  for (std::size_t parts = 0;; ++parts) {
    // After a delimiter: "--" closes the body; otherwise optional padding and CRLF.
    if (body.substr(pos, 2) == "--") return result;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return malformed("garbage after a multipart boundary");
    pos += 2;
    if (parts == kMaxParts) return malformed("too many multipart parts");

    std::size_t header_end = body.find("\r\n\r\n", pos - 2);
    if (header_end == std::string_view::npos) return malformed("multipart part headers truncated");
    std::string_view headers = body.substr(pos, header_end + 2 - pos);  // each line ends in CRLF
    pos = header_end + 4;

    std::optional<std::string> name;
    std::string unfolded;
    while (!headers.empty()) {
      std::size_t eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      headers.remove_prefix(eol + 2);
      unfolded.assign(line);
      // Folded continuation lines (RFC 822) belong to this header.
      while (!headers.empty() && (headers.front() == ' ' || headers.front() == '\t')) {
        std::size_t more = headers.find("\r\n");
        unfolded.push_back(' ');
        unfolded.append(headers.substr(0, more));
        headers.remove_prefix(more + 2);
      }
      if (iequals_prefix(unfolded, "content-disposition:")) {
        name = disposition_name(std::string_view(unfolded).substr(20));
        if (!name) return malformed("multipart part with a bad Content-Disposition");
      }
    }
    if (!name) return malformed("multipart part without a field name");

    std::size_t value_end = body.find(next, pos);
    if (value_end == std::string_view::npos) return malformed("multipart body truncated");
    result.form.fields.emplace_back(std::move(*name),
                                    std::string(body.substr(pos, value_end - pos)));
    pos = value_end + next.size();
  }
}

}  // namespace

const std::string* FormFields::find(std::string_view name) const {
  for (const auto& [key, value] : fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string FormFields::value(std::string_view name) const {
  const std::string* v = find(name);
  return v ? *v : std::string();
}

FormResult decode_form(const CgiRequest& request, std::size_t max_bytes) {
  const std::string_view m = request.method;
  if (m == "GET" || m == "HEAD" || m == "DELETE") {
    if (request.query_string.size() > max_bytes) {
      return {FormError::too_large,
              fmt::format("query string of {} bytes, more than the limit of {}",
                          request.query_string.size(), max_bytes),
              {}};
    }
    return {FormError::none, {}, decode_urlencoded(request.query_string)};
  }
  if (m != "POST" && m != "PUT" && m != "PATCH") return {};
  if (request.body.size() > max_bytes) {
    return {FormError::too_large,
            fmt::format("request body of {} bytes, more than the limit of {}", request.body.size(),
                        max_bytes),
            {}};
  }
  if (iequals_prefix(request.content_type, "multipart/form-data"))
    return decode_multipart(request.content_type, request.body);
  if (request.content_type.empty() ||
      iequals_prefix(request.content_type, "application/x-www-form-urlencoded"))
    return {FormError::none, {}, decode_urlencoded(request.body)};
  return {};  // CGI.pm keeps other bodies as POSTDATA: no fields
}

bool is_slave_request(const FormFields& form) {
  const std::string* slave = form.find("slave");
  return slave && !slave->empty() && *slave != "0";
}

}  // namespace smokeping::protocol
