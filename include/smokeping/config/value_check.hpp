// Checks that a value must pass when it is set in the config (the original's `_re` and `_sub`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smokeping::config {

// What a check may look at besides the value itself.
struct CheckEnv {
  // Run the checks that look at the machine (directories, files, executables). The CGI
  // skips the executable checks of probes, as the original does in CGI mode.
  bool check_paths = true;
  bool cgi_mode = false;
};

// Returns the error message (the original's text, verbatim) or nullopt when the value is fine.
using CheckFn = std::optional<std::string> (*)(std::string_view value, const CheckEnv& env);

// Perl's numeric conversion of a string: leading whitespace, optional sign, digits, fraction,
// exponent; stops at the first character that does not fit; no leading number gives 0.
// "Inf"/"Infinity"/"NaN" (any case) are recognised as Perl does.
double perl_number(std::string_view text);

// Common checks shared by several sections and probes.
namespace checks {
std::optional<std::string> integer_at_least_1(std::string_view v, const CheckEnv&);
std::optional<std::string> pings_at_least_3(std::string_view v, const CheckEnv&);
std::optional<std::string> directory_exists(std::string_view v, const CheckEnv&);
std::optional<std::string> regular_file_exists(std::string_view v, const CheckEnv&);
// True when `path` is a regular file (after following links) that the running user may
// execute (Perl's `-f $p && -x $p`).
bool is_executable_file(std::string_view path);
}  // namespace checks

}  // namespace smokeping::config
