// The few JSON pieces the CGI's data APIs write (?format=json, ?slavestatus&format=json).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smokeping::web {

// `text` as a JSON string, quotes included: ", \ and control characters escaped (\n, \t ...,
// the others as \u00XX); other bytes are passed on, so UTF-8 stays UTF-8.
std::string json_string(std::string_view text);

// A number in the shortest form that reads back to the same double; "null" for nullopt, NaN
// and the infinities, which JSON cannot hold.
std::string json_number(std::optional<double> value);

// An error body: {"error":"..."}.
std::string json_error(std::string_view message);

}  // namespace smokeping::web
