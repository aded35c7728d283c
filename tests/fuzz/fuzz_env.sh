# Sourced by tests/fuzz/run_fuzzers.sh and bench/fuzz_long.sh: the sanitizer settings that make
# every finding fatal, and the list of fuzz targets a build has.
# shellcheck shell=bash

fuzz_source_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# ASan and UBSan stop at the first report (the build also has -fno-sanitize-recover=all);
# LeakSanitizer runs after each input; the libraries' lifetime caches are suppressed as in the
# asan ctest run.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$fuzz_source_root/tests/sanitizer/lsan.supp

# Fills the arrays fuzz_names, fuzz_binaries, fuzz_dicts and fuzz_seeds (':'-joined folders)
# from BUILD_DIR/fuzz/targets.tsv (cmake/Fuzz.cmake). Returns 1 when the build has none.
fuzz_read_manifest() {
  local manifest=$1/fuzz/targets.tsv name binary dict seeds
  fuzz_names=() fuzz_binaries=() fuzz_dicts=() fuzz_seeds=()
  [ -s "$manifest" ] || return 1
  while IFS=$'\t' read -r name binary dict seeds; do
    [ -n "$name" ] || continue
    fuzz_names+=("$name") fuzz_binaries+=("$binary") fuzz_dicts+=("$dict") fuzz_seeds+=("$seeds")
  done <"$manifest"
  [ ${#fuzz_names[@]} -gt 0 ]
}

# The longest input each target is given: a config or a slave's post can be long, a page
# request is short.
fuzz_max_len() {
  case "$1" in
    cgi_request_fuzz) echo 4096 ;;
    *) echo 65536 ;;
  esac
}

# The libFuzzer options shared by both scripts: target index, artifact folder.
fuzz_common_args() {
  local i=$1 findings=$2 args=()
  args+=(-max_len="$(fuzz_max_len "${fuzz_names[$i]}")" -timeout=10 -rss_limit_mb=2048)
  args+=(-error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1)
  args+=(-artifact_prefix="$findings/${fuzz_names[$i]}-")
  [ "${fuzz_dicts[$i]}" = "-" ] || args+=(-dict="${fuzz_dicts[$i]}")
  printf '%s\n' "${args[@]}"
}

# The seed folders of target i that exist, one a line.
fuzz_seed_dirs() {
  local dir
  local IFS=:
  for dir in ${fuzz_seeds[$1]}; do
    [ -d "$dir" ] && printf '%s\n' "$dir"
  done
  return 0
}
