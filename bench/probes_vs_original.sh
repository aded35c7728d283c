#!/bin/bash
# Our probes' medians side by side with the original's modules on the same loopback servers,
# with the goal asserted: within 1 ms for DNS, AnotherDNS, Curl (http), AnotherCurl and
# AnotherSSH (established). Run as root on an idle machine.
# Usage: bench/probes_vs_original.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
SMOKEPING_STRICT_TIMING=1 exec python3 "$root/tests/integration/probe_vs_original_test.py" \
  "$build/tests/probe_run"
