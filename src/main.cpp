// smokeping: the latency monitor daemon (master, or slave with --master-url).
#include <iostream>

#include "smokeping/daemon/cli.hpp"

int main(int argc, char** argv) {
  return smokeping::daemon::run_cli(argc, argv, std::cout, std::cerr);
}
