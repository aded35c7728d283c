// The form fields of a request to the CGI, decoded the way the original's CGI.pm gets them
// (master-slave.md §3.1): a multipart/form-data POST (what slaves send), an
// application/x-www-form-urlencoded POST, or a GET query string.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smokeping::protocol {

// What the web server hands a CGI: REQUEST_METHOD, CONTENT_TYPE, QUERY_STRING and the body.
struct CgiRequest {
  std::string_view method;
  std::string_view content_type;
  std::string_view query_string;
  std::string_view body;
};

struct FormFields {
  std::vector<std::pair<std::string, std::string>> fields;  // in request order

  // The first value of `name`, as CGI.pm's param() gives it in scalar context; nullptr when
  // the field is absent.
  const std::string* find(std::string_view name) const;
  // The first value, or "" when absent (Perl's undef printed as a string).
  std::string value(std::string_view name) const;
};

enum class FormError {
  none,
  too_large,            // the body or query string is longer than the limit (HTTP 413)
  malformed_multipart,  // no usable boundary, truncated, a part without a name ... (HTTP 400)
};

struct FormResult {
  FormError error = FormError::none;
  std::string message;  // what was wrong, when error != none
  FormFields form;
};

// Decodes the request's fields. `max_bytes` bounds the body and the query string (CGI.pm has
// no limit at all, §12 W5). Like CGI.pm: GET, HEAD and DELETE read the query string; POST,
// PUT and PATCH read the body, as multipart when the content type starts with
// multipart/form-data, as urlencoded when it is application/x-www-form-urlencoded or absent,
// and not at all for any other type; a POST's query string is not read. Never throws on bad
// input.
FormResult decode_form(const CgiRequest& request, std::size_t max_bytes);

// Whether the CGI must answer with the slave protocol: the `slave` field is Perl-true, i.e.
// present, not empty and not "0" (§3.1).
bool is_slave_request(const FormFields& form);

}  // namespace smokeping::protocol
