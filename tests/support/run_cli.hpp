// Runs `smokeping ARGS...` in-process, as main would, and keeps what it printed.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "smokeping/daemon/cli.hpp"

namespace smokeping::test {

struct CliRun {
  int status;
  std::string out, err;
};

inline CliRun run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "smokeping");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  int status = daemon::run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  return {status, out.str(), err.str()};
}

}  // namespace smokeping::test
