#!/bin/bash
# Run by deb_install_test.sh inside its throw-away chroot (an overlay of the machine), as
# root: never run it on a real system. Argument: the .deb. Exit 0 pass, 1 fail.
set -euo pipefail
deb=$1
t=/tmp/pkgtest
export DEBIAN_FRONTEND=noninteractive
pids=()
stop_all() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
trap stop_all EXIT
fail() {
  echo "FAIL: $*"
  for log in "$t"/*.log; do
    [ -e "$log" ] && { echo "---- $log"; tail -n 40 "$log"; }
  done
  exit 1
}
step() { echo "== $*"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2 # polling a condition with a deadline
  done
}

http_get() { curl -sS --max-time 60 -o "$2" -w '%{http_code}' "$1"; }

# nginx with the installed example config (fcgiwrap, CGI as www-data): the overview page,
# and the graph of target $1 on the Local menu page.
check_through_nginx() {
  local target=$1 port
  port=$(free_port)
  sed -e "s|listen 80;|listen 127.0.0.1:$port;|" -e 's|listen \[::\]:80;||' \
    -e "s|/run/fcgiwrap.socket|$t/sock/fcgiwrap.sock|" \
    /usr/share/doc/smokeping/examples/nginx/smokeping-fcgiwrap.conf >"$t/site.conf"
  cat >"$t/nginx.conf" <<CONF
user www-data;
daemon off;
worker_processes 1;
pid $t/nginx.pid;
error_log $t/nginx-error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log $t/nginx-access.log;
  client_body_temp_path $t/body;
  fastcgi_temp_path $t/fastcgi;
  proxy_temp_path $t/proxy;
  uwsgi_temp_path $t/uwsgi;
  scgi_temp_path $t/scgi;
  include $t/site.conf;
}
CONF
  cp /etc/nginx/fastcgi_params "$t/"
  install -d -o www-data -g www-data "$t/sock"  # fcgiwrap runs as www-data, as Debian's
  rm -f "$t/sock/fcgiwrap.sock"
  setpriv --reuid=www-data --regid=www-data --clear-groups \
    /usr/sbin/fcgiwrap -f -c 1 -s "unix:$t/sock/fcgiwrap.sock" >"$t/fcgiwrap.log" 2>&1 &
  pids+=($!)
  wait_for 20 test -S "$t/sock/fcgiwrap.sock" || fail "fcgiwrap did not start"
  /usr/sbin/nginx -p "$t" -c "$t/nginx.conf" >"$t/nginx.log" 2>&1 &
  pids+=($!)
  wait_for 20 curl -s -o /dev/null "http://127.0.0.1:$port/" || fail "nginx did not start"

  local base=http://127.0.0.1:$port/smokeping/smokeping.cgi code
  code=$(http_get "$base" "$t/overview.html")
  [ "$code" = 200 ] || fail "overview page: HTTP $code"
  code=$(http_get "$base?target=Local" "$t/local.html")
  [ "$code" = 200 ] || fail "Local page: HTTP $code"
  local src
  src=$(grep -oiE "src=\"[^\"]*${target}_mini\\.png\"" "$t/local.html" | head -n 1 |
    sed -E 's/^src="(.*)"$/\1/I')
  [ -n "$src" ] || fail "no graph of $target on the Local page"
  code=$(http_get "http://127.0.0.1:$port/smokeping/${src#../smokeping/}" "$t/graph.png")
  [ "$code" = 200 ] || fail "graph $src: HTTP $code"
  head -c 4 "$t/graph.png" | grep -q PNG || fail "graph $src is not a PNG"
  echo "   page and graph of $target through nginx + fcgiwrap (www-data): OK"
  stop_all
}

# Our master, started as root with --nodaemon --user=smokeping: pid file, user, clean stop.
check_master_runs() {
  /usr/sbin/smokeping --nodaemon --user=smokeping --config=/etc/smokeping/config \
    >"$t/master.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  wait_for 30 grep -q "smokeping started" "$t/master.log" || fail "master did not start"
  [ "$(cat /run/smokeping/smokeping.pid 2>/dev/null)" = "$pid" ] || fail "no pid file"
  [ "$(ps -o user= -p "$pid" | tr -d ' ')" = smokeping ] || fail "master not running as smokeping"
  kill -TERM "$pid"
  wait "$pid" || fail "master exited with $?"
  pids=()
  [ ! -e /run/smokeping/smokeping.pid ] || fail "pid file left behind"
  echo "   master --nodaemon --user=smokeping: started, pid file, stopped: OK"
}

check_units() {
  if ! command -v systemd-analyze >/dev/null; then
    echo "   systemd-analyze missing: units not verified"
    return
  fi
  mkdir -p "$t/units"
  ln -sf /lib/systemd/system/smokeping-slave@.service "$t/units/smokeping-slave@check.service"
  systemd-analyze verify /lib/systemd/system/smokeping.service \
    /lib/systemd/system/smokeping-fcgi.socket /lib/systemd/system/smokeping-fcgi.service \
    "$t/units/smokeping-slave@check.service" >"$t/verify.log" 2>&1 || fail "systemd-analyze verify"
  if [ -s "$t/verify.log" ]; then fail "systemd-analyze verify printed warnings"; fi
  echo "   systemd-analyze verify: clean"
}

check_layout() {
  getent passwd smokeping >/dev/null || fail "no smokeping user"
  [ "$(stat -c '%U %a' /etc/smokeping/smokeping_secrets)" = "www-data 600" ] ||
    fail "secrets file: $(stat -c '%U %a' /etc/smokeping/smokeping_secrets)"
  for d in /var/lib/smokeping /var/lib/smokeping/__cgi /var/cache/smokeping/images /run/smokeping; do
    [ -d "$d" ] || fail "missing $d"
  done
  [ "$(stat -c %U /var/lib/smokeping)" = smokeping ] || fail "/var/lib/smokeping not smokeping's"
  # dyndir: the CGI's, shared with the daemon's group, and so is every directory below it.
  while IFS= read -r d; do
    [ "$(stat -c '%U:%G %a' "$d")" = "www-data:smokeping 2775" ] ||
      fail "$d: $(stat -c '%U:%G %a' "$d"), not www-data:smokeping 2775"
  done < <(find /var/lib/smokeping/__cgi -name '.*' -prune -o -type d -print)
  head -c 4 /usr/sbin/smokeping | grep -q ELF || fail "/usr/sbin/smokeping is not our binary"
  /usr/sbin/smokeping --check --config=/etc/smokeping/config >"$t/check.log" 2>&1 ||
    fail "smokeping --check: $(cat "$t/check.log")"
  man -w smokeping_config >/dev/null 2>&1 || fail "man page smokeping_config(5) not found"
  echo "   user, folders, secrets (www-data 600), --check, man pages: OK"
}

original=$(dpkg-query -W -f='${db:Status-Status} ${Version}' smokeping 2>/dev/null || true)
if [[ "$original" == "installed 2.7.3-"* ]]; then
  step "upgrade over Debian's smokeping ${original#installed }"
  # A site's own changes: a modified conffile, and RRD files the original wrote.
  printf '\n++ SiteTarget\nmenu = Site target\ntitle = Added by the site\nhost = 127.0.0.2\n' \
    >>/etc/smokeping/config.d/Targets
  mkdir -p /run/smokeping  # systemd makes it for the original (RuntimeDirectory)
  /usr/sbin/smokeping --debug --config=/etc/smokeping/config >"$t/original.log" 2>&1 || true
  rrd=/var/lib/smokeping/Local/SiteTarget.rrd
  [ -f "$rrd" ] || fail "the original did not create $rrd"
  before=$(md5sum /var/lib/smokeping/Local/*.rrd)
  targets_before=$(md5sum </etc/smokeping/config.d/Targets)
  # What the original's CGI left below dyndir for a nested target (www-data:www-data 2755,
  # which the daemon, user smokeping, cannot change), a slave's file in it, and a symlink
  # that the repair must not follow.
  install -d -o www-data -g www-data -m 2755 /var/lib/smokeping/__cgi/Local
  install -o www-data -g www-data -m 644 /dev/null /var/lib/smokeping/__cgi/Local/t.s1.slave_cache
  ln -s /etc/smokeping /var/lib/smokeping/__cgi/Local/link
  etc_before=$(stat -c '%U:%G %a' /etc/smokeping)

  dpkg -i --force-confold --force-confdef "$deb" >"$t/dpkg.log" 2>&1 || fail "dpkg -i"
  [[ "$(dpkg-query -W -f='${Version}' smokeping)" == 2.7.3+cpp* ]] || fail "not upgraded"
  [ "$(md5sum </etc/smokeping/config.d/Targets)" = "$targets_before" ] ||
    fail "the site's Targets file was replaced"
  [ "$(md5sum /var/lib/smokeping/Local/*.rrd)" = "$before" ] || fail "RRD files changed"
  [ ! -e /etc/init.d/smokeping ] || fail "the original's init script is still there"
  [ "$(stat -c '%U:%G %a' /var/lib/smokeping/__cgi/Local/t.s1.slave_cache)" = \
    "www-data:www-data 644" ] || fail "a slave's file below dyndir was changed"
  [ "$(stat -c '%U:%G %a' /etc/smokeping)" = "$etc_before" ] || fail "a symlink was followed"
  check_layout
  echo "   dyndir sub-directories of the original repaired (www-data:smokeping 2775): OK"
  check_units
  check_master_runs
  check_through_nginx SiteTarget

  step "purge"
  dpkg --purge smokeping >"$t/dpkg.log" 2>&1 || fail "dpkg --purge"
  for gone in /var/lib/smokeping /etc/smokeping/smokeping_secrets /usr/sbin/smokeping; do
    [ ! -e "$gone" ] || fail "$gone survived the purge"
  done
  echo "   purge removed data, secrets and programs: OK"
elif [ -n "$original" ]; then
  step "removing smokeping ($original) for a fresh install"
  dpkg --purge smokeping >"$t/dpkg.log" 2>&1 || fail "dpkg --purge of the installed smokeping"
fi

step "fresh install"
dpkg -i "$deb" >"$t/dpkg.log" 2>&1 || fail "dpkg -i"
check_layout
check_master_runs
echo "PASS"
