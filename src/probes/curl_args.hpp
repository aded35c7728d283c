// The curl command-line flags a Curl target's `extraargs` may carry, applied to an in-process
// transfer. Private to src/probes.
#pragma once

#include <string>
#include <vector>

#include "http_transfer.hpp"

namespace smokeping::probes {

// The original's split of `extraargs` by `extrare` (a "/regex/", default "/ /"); empty pieces
// are dropped. A pattern that does not compile splits on spaces.
std::vector<std::string> split_extraargs(const std::string& args, const std::string& extrare);

// Applies the curl flags we understand (-H, -A, -e, -u, -x, -b, -k, -L, -m, -4, -6, -0, -I, -X,
// -d, -f, --http1.1, --http2, --compressed, --connect-timeout, --max-redirs, --noproxy,
// --interface, --resolve, --cacert, and the output-only -s -S -v -o ...), and returns the ones
// we do not, for the log; those are ignored.
std::vector<std::string> apply_curl_args(const std::vector<std::string>& args,
                                         HttpTransferOptions& options);

}  // namespace smokeping::probes
