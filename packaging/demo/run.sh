#!/bin/bash
# The demo: builds smokeping, writes a config that probes 127.0.0.1-127.0.0.4 every 30 s, and
# runs the master in the foreground (Ctrl-C stops it). Data lands in demo/data/*.rrd; the web
# pages arrive with the CGI. Needs root (ICMP needs CAP_NET_RAW).
# Usage: packaging/demo/run.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
demo=$top/demo

if [ "${SMOKEPING_SKIP_DEPS:-0}" != 1 ]; then "$top/packaging/install-build-deps.sh"; fi
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target smokeping

mkdir -p "$demo"/{data,cache,run}
printf 'demo smokemail\n' >"$demo/smokemail"
printf '<html><body><##body##></body></html>\n' >"$demo/basepage.html"
cat >"$demo/config" <<CONFIG
*** General ***
owner = Demo
contact = demo@localhost
imgcache = $demo/cache
imgurl = cache
datadir = $demo/data
piddir = $demo/run
smokemail = $demo/smokemail
cgiurl = http://127.0.0.1/smokeping.cgi

*** Database ***
step = 30
pings = 5
AVERAGE 0.5 1 1008
AVERAGE 0.5 12 4320
MIN 0.5 12 4320
MAX 0.5 12 4320

*** Presentation ***
template = $demo/basepage.html
+ overview
width = 600
height = 50
range = 10h
+ detail
width = 600
height = 200
"Last 3 Hours" 3h
"Last 30 Hours" 30h

*** Probes ***
+ FPing
binary = /usr/bin/fping

*** Targets ***
probe = FPing
menu = Top
title = Demo: loopback latency
+ Local
menu = Local
title = Loopback addresses
CONFIG
for i in 1 2 3 4; do
  printf '++ lo%s\nmenu = 127.0.0.%s\ntitle = 127.0.0.%s\nhost = 127.0.0.%s\n' "$i" "$i" "$i" "$i" \
    >>"$demo/config"
done

"$build/src/smokeping" --check --config="$demo/config"
echo "Probing 127.0.0.1-4 every 30 s; RRD files in $demo/data/Local/. Ctrl-C stops."
exec "$build/src/smokeping" --nodaemon --config="$demo/config"
