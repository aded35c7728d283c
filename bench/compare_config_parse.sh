#!/bin/sh
# Side by side: our config load vs the original's `smokeping --check` on the same generated
# config (10,000 targets in a 4-level tree by default). Needs Debian's smokeping for the
# second figure. Usage: bench/compare_config_parse.sh BUILD_DIR [TARGETS]
set -eu
build=${1:-build}
targets=${2:-10000}
"$build/bench/bench_config_parse" "$targets" 5
config=$("$build/bench/bench_config_parse" "$targets" 1 keep)
start=$(date +%s.%N)
"$build/src/smokeping" --check --config="$config" >/dev/null
end=$(date +%s.%N)
echo "ours     smokeping --check: $(echo "$end - $start" | bc) s"
if [ -x /usr/sbin/smokeping ]; then
  start=$(date +%s.%N)
  /usr/sbin/smokeping --check --config="$config" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "original smokeping --check: $(echo "$end - $start" | bc) s"
fi
rm -rf "$(dirname "$config")"
