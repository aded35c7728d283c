// make_rrd CONFIG [NOW]: loads CONFIG and prepares the RRD files of every host node (master
// and slaves) as the daemon does at start, then exits. Used by
// tests/integration/store_vs_original_test.sh to compare our files with the original's.
// Exit status: 0 done, 1 a fatal problem (on stderr, as the original dies with it), 2 usage.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <ctime>
#include <exception>
#include <string>

#include "smokeping/config/load.hpp"
#include "smokeping/store/rrd_store.hpp"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s CONFIG [NOW]\n", argv[0]);
    return 2;
  }
  try {
    auto config = smokeping::config::load_config(argv[1]);
    std::int64_t now =
        argc == 3 ? std::stoll(argv[2]) : static_cast<std::int64_t>(std::time(nullptr));
    auto log = std::make_shared<spdlog::logger>("store",
                                                std::make_shared<spdlog::sinks::stderr_sink_mt>());
    log->set_pattern("%v");  // bare messages, comparable with the original's stderr
    smokeping::store::RrdStore store(log);
    int status = 0;
    config->for_each_host([&](const smokeping::config::TargetNode& node) {
      std::vector<std::string> slaves = {""};
      slaves.insert(slaves.end(), node.slaves.begin(), node.slaves.end());
      for (const auto& slave : slaves) {
        if (status != 0) return;
        // A fatal text is already on stderr through the logger.
        if (store.prepare(smokeping::store::rrd_spec(*config, node, slave), now)) status = 1;
      }
    });
    return status;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
