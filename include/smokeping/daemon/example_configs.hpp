// The example configurations `smokeping --gen-examples` writes (the original's
// Smokeping::Examples): one file per idea, each a complete config that passes --check.
#pragma once

#include <string>
#include <vector>

namespace smokeping::daemon {

struct ExampleConfig {
  std::string name;  // written as config.<name>
  std::string text;
};

// In the original's order and with its names: simple, multiple-probes, fping-instances,
// targetvars-with-Curl, echoping, template. All share the General, Alerts, Database and
// Presentation sections of etc/config.dist; "template" is config.dist itself.
std::vector<ExampleConfig> example_configs();

}  // namespace smokeping::daemon
