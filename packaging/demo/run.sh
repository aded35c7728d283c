#!/bin/bash
# The demo: builds smokeping, starts a master probing 127.0.0.1-127.0.0.4 every 30 s and the
# web front end (smokeping.cgi as a persistent FastCGI process started by spawn-fcgi, behind
# nginx on 127.0.0.1), prints the URL; graphs appear within two minutes. Ctrl-C or SIGTERM
# stops everything it started. Needs root (ICMP needs CAP_NET_RAW) or a ping_group_range
# that includes the user.
# Usage: packaging/demo/run.sh [--build-dir DIR] [--port PORT] [--for SECONDS]
#   --build-dir DIR   build here (default: build/, shared with tests/run.sh)
#   --port PORT       nginx's port on 127.0.0.1 (default 8080, or a free one if taken)
#   --for SECONDS     stop once the first measurements are stored (at most SECONDS) and
#                     exit 0 only if the page and a graph with data could be fetched (for CI)
# SMOKEPING_SKIP_DEPS=1 skips packaging/install-build-deps.sh. Files go to demo/.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$top/build
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build=$2; shift 2 ;;
    --build-dir=*) build=${1#*=}; shift ;;
    --port|--for) args+=("$1" "$2"); shift 2 ;;
    --port=*|--for=*) args+=("$1"); shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$build" in /*) ;; *) build=$top/$build ;; esac

if [ "${SMOKEPING_SKIP_DEPS:-0}" != 1 ]; then "$top/packaging/install-build-deps.sh"; fi
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target smokeping smokeping_cgi

exec python3 "$top/packaging/demo/demo.py" --smokeping "$build/src/smokeping" \
  --cgi "$build/cgi/smokeping.cgi" --dir "$top/demo" "${args[@]}"
