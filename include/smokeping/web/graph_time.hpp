// The time values of the graphs (web-and-rrd.md §0.1, §3.7, §3.8): period lengths, the start
// and end a navigator request names, and the dates written into the graphs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace smokeping::web {

// exp2seconds: "3h" -> "10800". The first of m, h, d, w, y (in that order) that follows a
// number anywhere in `span` wins; anything else comes back unchanged ("30s" stays "30s", as
// in 2.7.3). The result is text because the original pastes it into names and arguments.
// `seconds_unit`: 2.9.0, which first reads "(\d+)s" as seconds.
std::string exp2seconds(std::string_view span, bool seconds_unit = false);

// parse_datetime: what a navigator request's `start`/`end` mean. After the original's
// character replacement ([<>%&'";] -> _): digits are an epoch (above 2^32: now);
// "YYYY-M-D[ H:MM[:SS]]" is local time; "now" and "" are now; otherwise the first run of
// [ -:a-z0-9] is passed on to rrdtool as an AT-style time ("now-6h"); a value with none of
// those characters is now too.
std::string parse_datetime(std::string_view in, std::int64_t now);

// `scalar localtime(t)`: "Wed Nov 25 17:16:35 2026" (English names, day space-padded).
std::string ctime_text(std::int64_t t);

// The date a graph shows: strftime(`format`, localtime(t)) or, when `format` is empty,
// ctime_text(t); every ':' then written "\:" as rrdtool wants it in COMMENTs.
std::string graph_date(std::int64_t t, const std::string& format);

// strftime("%Y-%m-%d %H:%M", localtime(t)): the navigator link's and form's start/end text.
std::string minute_text(std::int64_t t);

// A Perl number as Perl prints it (C "%.15g", "Inf", "-Inf", "NaN").
std::string perl_number_text(double v);

// A Perl string used as a number: leading blanks, then the longest decimal prefix (0 if none);
// "nan"/"inf" in any case give NaN/Inf.
double perl_numify(std::string_view s);

}  // namespace smokeping::web
