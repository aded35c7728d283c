#!/bin/bash
# The CI fuzz run: every libFuzzer target of a -DSMOKEPING_FUZZ=ON build (tests/run.sh BUILD asan
# makes one) for a fixed number of inputs from a fixed seed, starting from its seed corpus,
# under ASan+UBSan with every finding fatal. The input counts below take about a minute in all
# on the CI machine (2 cores); SECONDS_TOTAL (default 60) only caps each target at its share
# in case a machine is much slower.
# A crash, leak, timeout or UB report stops that target; its input is written to
# BUILD_DIR/fuzz/findings/<target>-crash-<sha1> (the folder is printed) and the script exits 1
# after running the others. Exit 77 when the build has no fuzz targets.
# Usage: tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS_TOTAL]
# Reproduce a finding: BUILD_DIR/tests/fuzz/<target> FILE; add it to tests/fuzz/regressions/.
set -uo pipefail

build=${1:?usage: tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS_TOTAL]}
total_seconds=${2:-60}
# shellcheck source=tests/fuzz/fuzz_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/fuzz_env.sh"

# Inputs per target: about 15 s each on this 2-core machine when it is not busy (60 s in all,
# measured 2026-11-26; under ASan+UBSan); a target not listed runs fuzz_default_runs.
declare -A fuzz_runs=(
  [dumper_reader_fuzz]=120000
  [submission_fuzz]=300000
  [config_fuzz]=16000
  [cgi_request_fuzz]=200000
  [snmp_response_fuzz]=200000
)
fuzz_default_runs=2000
seed=${SMOKEPING_FUZZ_SEED:-1}

if ! fuzz_read_manifest "$build"; then
  echo "run_fuzzers: no fuzz targets in $build (configure with clang and -DSMOKEPING_FUZZ=ON)" >&2
  exit 77
fi
build=$(cd "$build" && pwd)
findings=$build/fuzz/findings
mkdir -p "$findings"
work=$(mktemp -d "$build/fuzz/run.XXXXXX")
trap 'rm -rf "$work"' EXIT
cap=$(( total_seconds / ${#fuzz_names[@]} ))
[ "$cap" -ge 1 ] || cap=1

status=0
started=$(date +%s)
printf '%-20s %8s %6s %8s %6s  %s\n' target inputs secs exec/s cov result
for i in "${!fuzz_names[@]}"; do
  name=${fuzz_names[$i]}
  runs=${fuzz_runs[$name]:-$fuzz_default_runs}
  mkdir -p "$work/$name"
  mapfile -t args < <(fuzz_common_args "$i" "$findings")
  mapfile -t seeds < <(fuzz_seed_dirs "$i")
  log=$work/$name.log
  t0=$(date +%s)
  "${fuzz_binaries[$i]}" -runs="$runs" -seed="$seed" -max_total_time="$cap" "${args[@]}" \
    "$work/$name" "${seeds[@]}" >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - t0 ))
  done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  result=ok
  if [ "$rc" -ne 0 ]; then
    result="FINDING (exit $rc)"
    status=1
  elif [ "${done_runs:-0}" -lt "$runs" ]; then
    result="ok, stopped by the ${cap}s cap"
  fi
  printf '%-20s %8s %6s %8s %6s  %s\n' "$name" "${done_runs:-?}" "$secs" "${speed:-?}" \
    "${cov:-?}" "$result"
  if [ "$rc" -ne 0 ]; then
    echo "---- $name: last lines of its log" >&2
    tail -n 60 "$log" >&2
    echo "----" >&2
  fi
done
echo "run_fuzzers: $(( $(date +%s) - started )) s in all"
if [ "$status" -ne 0 ]; then
  echo "run_fuzzers: findings kept in $findings:" >&2
  ls -1 "$findings" >&2
fi
exit "$status"
