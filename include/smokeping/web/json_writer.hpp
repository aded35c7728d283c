// The few JSON pieces the CGI's data APIs write (?format=json, ?slavestatus&format=json).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smokeping::web {

// `text` as a JSON string, quotes included: ", \ and control characters escaped (\n, \t ...,
// the others as \u00XX); well-formed UTF-8 is passed on as it is, and each byte that starts
// no well-formed sequence becomes \ufffd, so the result is always valid JSON.
std::string json_string(std::string_view text);

// A number in the shortest form that reads back to the same double; "null" for nullopt, NaN
// and the infinities, which JSON cannot hold.
std::string json_number(std::optional<double> value);

// An error body: {"error":"..."}.
std::string json_error(std::string_view message);

}  // namespace smokeping::web
