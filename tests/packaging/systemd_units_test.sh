#!/bin/sh
# `systemd-analyze verify` over packaging/systemd/*, with the programs and man pages of
# BUILD_DIR standing in for the installed ones; any message counts as a failure.
#   systemd_units_test.sh BUILD_DIR
# Exit 0 clean, 1 not, 77 skip (no systemd-analyze).
set -eu
build=$(cd "${1:?usage: systemd_units_test.sh BUILD_DIR}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIP: systemd-analyze is not installed"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

mkdir -p "$tmp/units" "$tmp/man/man5" "$tmp/man/man7" "$tmp/man/man8"
for page in "$build"/man/*.[578]; do
  section=${page##*.}
  cp "$page" "$tmp/man/man$section/"
done
for unit in "$top"/packaging/systemd/*.service "$top"/packaging/systemd/*.socket; do
  sed -e "s|/usr/sbin/smokeping|$build/src/smokeping|g" \
    -e "s|/usr/lib/cgi-bin/smokeping.cgi|$build/cgi/smokeping.cgi|g" \
    "$unit" >"$tmp/units/$(basename "$unit")"
done
# A template is verified through an instance of it.
mv "$tmp/units/smokeping-slave@.service" "$tmp/units/smokeping-slave@check.service"

status=0
(cd "$tmp/units" && MANPATH="$tmp/man" systemd-analyze verify ./*.service ./*.socket) \
  >"$tmp/out" 2>&1 || status=$?
if [ "$status" -ne 0 ] || [ -s "$tmp/out" ]; then
  echo "FAIL: systemd-analyze verify (status $status):"
  cat "$tmp/out"
  exit 1
fi
echo "systemd-analyze verify: $(ls "$tmp/units" | wc -l) units clean"
