// `smokeping --gen-examples[=DIR]`: writes the example configs and checks each one.
#pragma once

#include <ostream>
#include <string>

namespace smokeping::daemon {

// The original wrote to examples/ below the current directory; an empty `dir` means that.
constexpr const char* kDefaultExamplesDir = "examples";

// Creates `dir` when it is missing (not its parents), writes config.<name> for every
// example_configs() entry and checks each as --check would, without looking for the files,
// directories and programs it names. Only when all pass are they moved into `dir`, replacing
// files of the same name; otherwise `dir` keeps what it had. Prints the original's progress
// lines to `out`. Returns 0, or 1 after an "ERROR: ..." line on `err`.
int generate_examples(const std::string& dir, std::ostream& out, std::ostream& err);

}  // namespace smokeping::daemon
