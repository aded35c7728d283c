#!/bin/bash
# CPU seconds and wall time of one measurement round, ours vs Debian's SmokePing 2.7.3 (which
# forks /usr/bin/fping), on the same generated config: N loopback targets (127.0.x.y) x 20 pings,
# step 300. Each daemon runs `--debug` (one round in the foreground, then exit) twice in its own
# fresh datadir: "first" creates every RRD, "steady" updates the existing ones. CPU is user +
# system of the process and the children it waited for (/usr/bin/time), so fping counts for
# the original. After every run a few RRDs must carry a fresh, non-U median, or the bench fails.
# Needs root (raw ICMP). Usage: bench/round_cpu.sh BUILD_DIR [TARGET_COUNTS...]
set -euo pipefail

build=${1:-build}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100 1000 5000)

ours=$build/src/smokeping
original=/usr/sbin/smokeping
step=300
pings=20
# The original hands fping `-i int(1000 * mininterval)` and `-p int(1000 * hostinterval)`.
# 1 ms between packets lets 5000 x 20 pings go out in 100 s; a host is pinged at most once a
# second (fping's default -p, spelled out). Our probe reads the same two values.
mininterval=0.001
hostinterval=1

die() { echo "round_cpu: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (raw ICMP sockets)"
[ -x "$ours" ] || die "no $ours (build first)"
[ -x "$original" ] || die "no $original (apt-get install smokeping)"
[ -x /usr/bin/fping ] || die "no /usr/bin/fping"
[ -x /usr/bin/time ] || die "no /usr/bin/time (apt-get install -y time)"
command -v rrdtool >/dev/null || die "no rrdtool"

work=$(mktemp -d /tmp/sp-round-cpu-XXXXXX)
# KEEP=1 keeps the configs, logs and (last count's) RRDs for a look afterwards.
if [ "${KEEP:-0}" = 1 ]; then
  echo "round_cpu: keeping $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi

# The Targets tree: one `+ netX` group per 127.0.X.0/24, hosts 127.0.X.1 .. 127.0.X.254.
write_config() {  # DIR COUNT
  local dir=$1 count=$2
  mkdir -p "$dir/cache" "$dir/data" "$dir/run"
  echo mail >"$dir/smokemail"
  echo '<html><body><##body##></body></html>' >"$dir/basepage.html"
  cat >"$dir/config" <<EOF
*** General ***
owner = Bench
contact = bench@localhost
imgcache = $dir/cache
imgurl = cache
datadir = $dir/data
piddir = $dir/run
smokemail = $dir/smokemail
cgiurl = http://127.0.0.1/smokeping.cgi

*** Database ***
step = $step
pings = $pings
AVERAGE 0.5 1 1008
AVERAGE 0.5 12 4320
MIN 0.5 12 4320
MAX 0.5 12 4320
AVERAGE 0.5 144 720
MAX 0.5 144 720
MIN 0.5 144 720

*** Presentation ***
template = $dir/basepage.html
+ overview
width = 600
height = 50
+ detail
width = 600
height = 200
"Last 3 Hours" 3h

*** Probes ***
+ FPing
binary = /usr/bin/fping
mininterval = $mininterval
hostinterval = $hostinterval

*** Targets ***
probe = FPing
menu = Top
title = Round CPU bench
EOF
  awk -v n="$count" 'BEGIN {
    for (i = 0; i < n; ++i) {
      x = int(i / 254); y = i % 254 + 1
      if (y == 1) printf "+ net%d\nmenu = net %d\ntitle = 127.0.%d.0/24\n", x, x, x
      printf "++ h%d\nmenu = %d\ntitle = 127.0.%d.%d\nhost = 127.0.%d.%d\n", y, y, x, y, x, y
    }
  }' >>"$dir/config"
}

# Runs one daemon round under /usr/bin/time; prints "CPU WALL".
run_round() {  # BINARY CONFIG LOG
  local times=$3.time
  if ! /usr/bin/time -o "$times" -f '%U %S %e' "$1" --debug --config="$2" >"$3" 2>&1; then
    echo "round_cpu: $1 failed, log $3:" >&2
    tail -20 "$3" >&2
    exit 1
  fi
  awk '{ printf "%.2f %.2f\n", $1 + $2, $3 }' "$times"
}

# A few RRDs (first, middle, last target) were updated at or after START with a median.
check_rrds() {  # DATADIR START WHO COUNT
  local datadir=$1 start=$2 who=$3 count=$4 i x y rrd line
  for i in 0 $((count / 2)) $((count - 1)); do
    x=$((i / 254)) y=$((i % 254 + 1))
    rrd=$datadir/net$x/h$y.rrd
    [ -f "$rrd" ] || die "$who: no $rrd"
    line=$(rrdtool lastupdate "$rrd" | tail -1)
    # "TIME: uptime loss median ping1 ..."
    awk -v start="$start" -v who="$who" -v rrd="$rrd" '{
      t = $1; sub(":", "", t)
      if (t + 0 < start) { printf "round_cpu: %s: %s last updated %s, before the run\n", who, rrd, t; exit 1 }
      if ($4 == "U" || $4 == "nan") { printf "round_cpu: %s: %s median is %s\n", who, rrd, $4; exit 1 }
    }' <<<"$line" >&2 || exit 1
  done
}

# One daemon, two rounds (first: RRDs created; steady: RRDs exist). Prints two "CPU WALL" lines.
measure() {  # WHO BINARY DIR COUNT
  local who=$1 binary=$2 dir=$3 count=$4 start
  rm -rf "$dir/data" "$dir/cache" "$dir/run"
  mkdir -p "$dir/data" "$dir/cache" "$dir/run"
  for phase in first steady; do
    start=$(date +%s)
    run_round "$binary" "$dir/config" "$dir/$who-$phase.log"
    check_rrds "$dir/data" "$start" "$who $phase" "$count"
    sleep 1  # the next update needs a later whole second
  done
  mv "$dir/data" "$dir/data.$who"
}

rows=()
for count in "${counts[@]}"; do
  dir=$work/n$count
  write_config "$dir" "$count"
  echo "== $count targets x $pings pings (config $dir/config)" >&2
  mapfile -t o < <(measure ours "$ours" "$dir" "$count")
  [ ${#o[@]} = 2 ] || exit 1
  mapfile -t p < <(measure original "$original" "$dir" "$count")
  [ ${#p[@]} = 2 ] || exit 1
  grep -h 'round finished' "$dir"/ours-*.log >&2 || true
  for k in 0 1; do
    phase=$([ $k = 0 ] && echo first || echo steady)
    read -r oc ow <<<"${o[$k]}"
    read -r pc pw <<<"${p[$k]}"
    rows+=("$count $phase $oc $ow $pc $pw")
  done
  # 3 MB per RRD with these (the default) RRAs: 5000 targets x 2 daemons is 30 GB.
  rm -rf "$dir"/data.*
done

printf '\n%-8s %-7s %11s %12s %15s %16s %10s %13s\n' targets round "ours CPU s" "ours wall s" \
  "original CPU s" "original wall s" "CPU ratio" "within step?"
for row in "${rows[@]}"; do
  read -r count phase oc ow pc pw <<<"$row"
  awk -v n="$count" -v ph="$phase" -v oc="$oc" -v ow="$ow" -v pc="$pc" -v pw="$pw" -v step="$step" \
    'BEGIN {
      ratio = pc > 0 ? sprintf("%.2fx", oc / pc) : "n/a"
      within = (ow <= step ? "yes" : "NO") "/" (pw <= step ? "yes" : "NO")
      printf "%-8s %-7s %11.2f %12.2f %15.2f %16.2f %10s %13s\n", n, ph, oc, ow, pc, pw, ratio, within
    }'
done
echo "(within step: ours/original wall time <= step $step s; CPU = user + system incl. children)"
