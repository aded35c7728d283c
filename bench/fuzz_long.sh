#!/bin/bash
# Long fuzz runs: each libFuzzer target of a -DSMOKEPING_FUZZ=ON build (clang; tests/run.sh BUILD
# asan makes one) for SECONDS of wall time, one after the other, keeping what it finds in a
# corpus that persists between runs (BUILD_DIR/fuzz/corpus/<target>). Prints each target's
# inputs, exec/s, coverage (edges) and features, and the corpus size. Findings are written to
# BUILD_DIR/fuzz/findings; the exit status is 1 when there is one.
# Usage: bench/fuzz_long.sh BUILD_DIR SECONDS [TARGET...]      (default: every target)
# SMOKEPING_FUZZ_JOBS=N runs N targets at a time (default 1).
set -uo pipefail

build=${1:?usage: bench/fuzz_long.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: bench/fuzz_long.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
wanted=("$@")
jobs=${SMOKEPING_FUZZ_JOBS:-1}
# shellcheck source=tests/fuzz/fuzz_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tests/fuzz/fuzz_env.sh"

if ! fuzz_read_manifest "$build"; then
  echo "fuzz_long: no fuzz targets in $build (configure with clang and -DSMOKEPING_FUZZ=ON)" >&2
  exit 2
fi
build=$(cd "$build" && pwd)
findings=$build/fuzz/findings
logs=$build/fuzz/logs
mkdir -p "$findings" "$logs"

selected() {
  [ ${#wanted[@]} -eq 0 ] && return 0
  local w
  for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done
  return 1
}

run_one() {
  local i=$1 name=${fuzz_names[$1]} args seeds corpus=$build/fuzz/corpus/${fuzz_names[$1]}
  mkdir -p "$corpus"
  mapfile -t args < <(fuzz_common_args "$i" "$findings")
  mapfile -t seeds < <(fuzz_seed_dirs "$i")
  "${fuzz_binaries[$i]}" -max_total_time="$seconds" "${args[@]}" "$corpus" "${seeds[@]}" \
    >"$logs/$name.log" 2>&1
}

report() {
  local name=$1 rc=$2 log=$logs/$1.log last
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  printf '%-20s %9s %7s %6s %7s %7s  %s\n' "$name" \
    "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)" \
    "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)" \
    "$(grep -o 'cov: [0-9]*' <<<"$last" | cut -d' ' -f2)" \
    "$(grep -o 'ft: [0-9]*' <<<"$last" | cut -d' ' -f2)" \
    "$(grep -o 'corp: [0-9]*' <<<"$last" | cut -d' ' -f2)" \
    "$([ "$rc" -eq 0 ] && echo ok || echo "FINDING (exit $rc), log $log")"
}

printf '%-20s %9s %7s %6s %7s %7s  %s\n' target inputs exec/s cov ft corpus result
status=0
pids=() names=()
for i in "${!fuzz_names[@]}"; do
  selected "${fuzz_names[$i]}" || continue
  run_one "$i" &
  pids+=($!) names+=("${fuzz_names[$i]}")
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}"; rc=$?
    report "${names[0]}" "$rc"; [ "$rc" -eq 0 ] || status=1
    pids=("${pids[@]:1}") names=("${names[@]:1}")
  fi
done
for k in "${!pids[@]}"; do
  wait "${pids[$k]}"; rc=$?
  report "${names[$k]}" "$rc"; [ "$rc" -eq 0 ] || status=1
done
[ "$status" -eq 0 ] || echo "fuzz_long: findings in $findings" >&2
exit "$status"
