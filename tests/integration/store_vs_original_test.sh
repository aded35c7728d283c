#!/usr/bin/env bash
# store_vs_original_test.sh: do our RRD files equal the original's?
#
# Usage: store_vs_original_test.sh MAKE_RRD
#   MAKE_RRD  the tests/support/make_rrd binary (make_rrd CONFIG [NOW] prepares the RRD files
#             of every host node as our daemon does at start).
#   KEEP_WORK=1 keeps the temporary directory for inspection.
#
# Needs Debian's smokeping 2.7.3 (/usr/share/perl5/Smokeping.pm, RRDs.pm) and the rrdtool CLI;
# exits 77 (skipped) when they are missing.
#
# Phase 1, creation: one config (two probe instances with different step and pings, a slave,
# nested groups, a group that is also a host, a multihost and a DYNAMIC node) is loaded by
# the original (Smokeping::load_cfg outside CGI mode creates every RRD file) and by make_rrd,
# each into its own datadir. The sets of .rrd files must be equal, and so must `rrdtool info`
# of each pair, except for what depends on the creation time or on chance: last_update,
# rra[*].cur_row (librrd picks it at random), cdp_prep, last_ds, value, unknown_sec.
# header_size is compared.
# Phase 2, the check of existing files (web-and-rrd.md §1.4): the files from phase 1 are
# loaded again with changed configs (pings 5 -> 6, step 300 -> 60, a MIN row made MAX, more
# rows, a tuned-away loss maximum); the original's stderr and ours must be the same text
# (datadir replaced by DATA) and both must agree on dying or not.
# Exit status: 0 equal, 1 any difference (printed as a diff), 77 skipped.
set -u

MAKE_RRD=${1:?usage: $0 MAKE_RRD}
MAKE_RRD=$(cd "$(dirname "$MAKE_RRD")" && pwd)/$(basename "$MAKE_RRD")
for need in /usr/share/perl5/Smokeping.pm /usr/bin/rrdtool /usr/bin/perl; do
  [ -e "$need" ] || { echo "SKIP: $need missing (apt-get install smokeping rrdtool)"; exit 77; }
done
perl -MRRDs -e 1 2>/dev/null || { echo "SKIP: perl RRDs missing (librrds-perl)"; exit 77; }

W=$(mktemp -d /tmp/sp-store-vs-original.XXXXXX)
if [ -z "${KEEP_WORK:-}" ]; then trap 'rm -rf "$W"' EXIT; else echo "work dir: $W"; fi
export TZ=UTC
unset RRDCACHED_ADDRESS
mkdir -p "$W/etc" "$W/cache" "$W/run"
printf 'Subject: smokeping\n\nhello\n' >"$W/etc/smokemail"
printf '<html><body><##body##></body></html>\n' >"$W/etc/basepage.html"
printf 'boomer:secret\n' >"$W/etc/secrets"
chmod 600 "$W/etc/secrets"
# Stands in for fping: the original runs it once at load and only warns about the output.
printf '#!/bin/sh\nexit 0\n' >"$W/etc/fping"
chmod 755 "$W/etc/fping"

# write_config FILE DATADIR DATABASE_BODY FAST_PROBE_BODY TARGETS
write_config() {
  cat >"$1" <<CONFIG
*** General ***
owner = Tester
contact = tester@example.org
imgcache = $W/cache
imgurl = cache
datadir = $2
piddir = $W/run
smokemail = $W/etc/smokemail
cgiurl = http://127.0.0.1/smokeping.cgi

*** Database ***
$3

*** Presentation ***
template = $W/etc/basepage.html
+ overview
width = 600
height = 50
+ detail
width = 600
height = 200
"Last 3 Hours" 3h

*** Probes ***
+ FPing
binary = $W/etc/fping
++ FPingNormal
++ FPingFast
$4

*** Slaves ***
secrets = $W/etc/secrets
+ boomer
display_name = Boomer
color = ff0000

*** Targets ***
probe = FPingNormal
menu = Top
title = Top
$5
CONFIG
}

DEBIAN_RRAS='AVERAGE  0.5   1  1008
AVERAGE  0.5  12  4320
    MIN  0.5  12  4320
    MAX  0.5  12  4320
AVERAGE  0.5 144   720
    MAX  0.5 144   720
    MIN  0.5 144   720'
DATABASE="step = 300
pings = 5
$DEBIAN_RRAS
AVERAGE 0.25 3 100"
FAST='step = 60
pings = 7'
TARGETS='+ A
menu = A
title = A
++ all5
host = 127.0.0.1
slaves = boomer
++ sub
host = 127.0.0.2
+++ deep
title = deep
++++ fast-one
probe = FPingFast
host = 127.0.0.3
++++ dyn_host
host = DYNAMIC
+ M
menu = M
title = M
host = /A/all5 /A/all5~boomer
+ OnlyMulti
menu = O
title = O
++ multi
host = /A/sub'

run_original() {  # run_original CONFIG: stderr and status of the original loading CONFIG
  perl -e 'use lib "/usr/share/perl5"; use Smokeping; Smokeping::load_cfg($ARGV[0])' "$1" 2>&1 |
    grep -v '^### assuming you are using an fping copy'
  return "${PIPESTATUS[0]}"
}

run_ours() {
  "$MAKE_RRD" "$1" 2>&1
}

# The layout part of `rrdtool info`.
layout_info() {
  rrdtool info "$1" | grep -Ev '^(filename|last_update) |\.(cur_row|last_ds|value|unknown_sec) |cdp_prep'
}

failed=0
fail() { echo "FAIL: $*"; failed=1; }

# ---------------------------------------------------------------- phase 1: creation
for side in orig ours; do
  mkdir -p "$W/$side/data"
  write_config "$W/$side/config" "$W/$side/data" "$DATABASE" "$FAST" "$TARGETS"
done
out=$(run_original "$W/orig/config") || fail "original failed to load the config: $out"
[ -z "$out" ] || echo "original said: $out"
out=$(run_ours "$W/ours/config") || fail "make_rrd failed: $out"
[ -z "$out" ] || echo "make_rrd said: $out"

(cd "$W/orig/data" && find . -name '*.rrd' | sort) >"$W/orig.files"
(cd "$W/ours/data" && find . -name '*.rrd' | sort) >"$W/ours.files"
if ! diff -u "$W/orig.files" "$W/ours.files"; then fail "different sets of .rrd files"; fi
[ -s "$W/orig.files" ] || fail "the original created no .rrd files"
while read -r rel; do
  [ -f "$W/ours/data/$rel" ] || continue
  layout_info "$W/orig/data/$rel" >"$W/a.info"
  layout_info "$W/ours/data/$rel" >"$W/b.info"
  if ! diff -u --label "original $rel" --label "ours $rel" "$W/a.info" "$W/b.info"; then
    fail "rrdtool info differs for $rel"
  elif ! cmp -s <(stat -c %s "$W/orig/data/$rel") <(stat -c %s "$W/ours/data/$rel"); then
    fail "file size differs for $rel"
  fi
done <"$W/orig.files"
echo "phase 1: compared $(wc -l <"$W/orig.files") files"
# Directories are the daemon's business (it makes one per group, even for a group of
# multihosts only); make_rrd makes only those holding files. Shown, not judged.
if ! diff <(cd "$W/orig/data" && find . -type d | sort) <(cd "$W/ours/data" && find . -type d | sort) \
  >"$W/dirs.diff"; then
  echo "note: directory trees differ (expected: groups without files):"
  sed 's/^/  /' "$W/dirs.diff"
fi

# ---------------------------------------------------------------- phase 2: existing files
# check_case NAME DATABASE FAST TARGETS: both sides load their phase-1 files with this config.
check_case() {
  local name=$1 orig_out ours_out orig_rc ours_rc
  write_config "$W/orig/config.$name" "$W/orig/data" "$2" "$3" "$4"
  write_config "$W/ours/config.$name" "$W/ours/data" "$2" "$3" "$4"
  orig_out=$(run_original "$W/orig/config.$name")
  orig_rc=$?
  ours_out=$(run_ours "$W/ours/config.$name")
  ours_rc=$?
  orig_out=${orig_out//$W\/orig\/data/DATA}
  ours_out=${ours_out//$W\/ours\/data/DATA}
  # Perl's die/warn add " at FILE line N." only when the text lacks a newline; ours never.
  if [ "$orig_out" != "$ours_out" ]; then
    fail "case $name: messages differ"
    diff -u --label "original $name" --label "ours $name" <(echo "$orig_out") <(echo "$ours_out")
  fi
  if [ $((orig_rc != 0)) != $((ours_rc != 0)) ]; then
    fail "case $name: original exit $orig_rc, ours $ours_rc"
  fi
  echo "phase 2: case $name: exit $orig_rc/$ours_rc: ${orig_out:-(silent)}"
}

# One host and its slave, so that the order of the messages does not depend on Perl's hash
# order.
ONE='+ A
menu = A
title = A
++ all5
host = 127.0.0.1
slaves = boomer'
check_case same "$DATABASE" "$FAST" "$ONE"
check_case pings "${DATABASE/pings = 5/pings = 6}" "$FAST" "$ONE"
check_case step "${DATABASE/step = 300/step = 60}" "$FAST" "$ONE"
check_case min_to_max "${DATABASE/    MIN  0.5  12  4320/    MAX  0.5  12  4320}" "$FAST" "$ONE"
check_case rows "${DATABASE/AVERAGE  0.5   1  1008/AVERAGE  0.5   1  2016}" "$FAST" "$ONE"
check_case fewer_rras "${DATABASE/AVERAGE 0.25 3 100/}" "$FAST" "$ONE"
rrdtool tune "$W/orig/data/A/all5.rrd" --maximum loss:9 >/dev/null
rrdtool tune "$W/ours/data/A/all5.rrd" --maximum loss:9 >/dev/null
check_case tuned "$DATABASE" "$FAST" "$ONE"
for side in orig ours; do
  max=$(rrdtool info "$W/$side/data/A/all5.rrd" | sed -n 's/^ds\[loss\]\.max = //p')
  [ "$max" = "5.0000000000e+00" ] || fail "$side: loss maximum not tuned back to 5 ($max)"
done

if [ "$failed" = 0 ]; then echo "PASS"; else echo "FAILED"; fi
exit "$failed"
