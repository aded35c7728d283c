#!/bin/bash
# The test command (README, CI): installs the build dependencies, configures, builds and runs
# every test with ctest.
# Usage: tests/run.sh [BUILD_DIR] [release|asan]      (defaults: build release)
#   release  CMAKE_BUILD_TYPE=Release
#   asan     clang++ (when installed), RelWithDebInfo at -O1 -g1, -DSMOKEPING_SANITIZE=ON
#            (ASan + UBSan) and -DSMOKEPING_FUZZ=ON (with clang: coverage instrumentation and
#            the libFuzzer targets that tests/fuzz/run_fuzzers.sh runs); the tests
#            labelled `original` (mostly the original running side by side) and `load` (the
#            5-minute load test) are left out
# SMOKEPING_SKIP_DEPS=1 skips packaging/install-build-deps.sh; SMOKEPING_TEST_JOBS sets how
# many tests run at once (default 6).
# A relative BUILD_DIR is taken from the repository root. Exits with ctest's status.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

build_dir=${1:-build}
flavour=${2:-release}

case "$flavour" in
  release)
    cmake_args=(-DCMAKE_BUILD_TYPE=Release -DSMOKEPING_SANITIZE=OFF)
    ctest_args=()
    ;;
  asan)
    # Built with clang (a second compiler's warnings, and twice as fast to compile as GCC
    # here) at -O1 -g1: line tables are all a sanitizer report needs.
    # The same build carries the fuzz targets, so that CI needs no third build; with GCC the
    # option turns itself off (cmake/Fuzz.cmake) and only their replay tests are built.
    cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
                -DSMOKEPING_SANITIZE=ON -DSMOKEPING_FUZZ=ON)
    if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v clang++ >/dev/null; then
      cmake_args+=(-DCMAKE_CXX_COMPILER=clang++)
    fi
    ctest_args=(-LE 'original|load')
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS=suppressions=$root/tests/sanitizer/lsan.supp
    ;;
  *)
    echo "usage: tests/run.sh [BUILD_DIR] [release|asan]" >&2
    exit 2
    ;;
esac

if [ "${SMOKEPING_SKIP_DEPS:-0}" != "1" ]; then
  "$root/packaging/install-build-deps.sh"
fi

cmake -S "$root" -B "$build_dir" "${cmake_args[@]}"
cmake --build "$build_dir" -j2

status=0
# Six at a time on two cores: most integration tests spend their time waiting for rounds.
ctest --test-dir "$build_dir" --output-on-failure -j"${SMOKEPING_TEST_JOBS:-6}" "${ctest_args[@]}" ||
  status=$?
exit "$status"
