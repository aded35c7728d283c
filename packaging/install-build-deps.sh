#!/bin/bash
# Installs, with apt-get, every Debian 12 package the build and the tests need.
# Idempotent: when all of them are already installed it touches nothing (no apt-get update).
# Runs as root, or through sudo otherwise. Never asks questions.
set -euo pipefail

packages=(
  cmake g++ pkg-config make
  librrd-dev libfcgi-dev libboost-program-options-dev libssl-dev
  libspdlog-dev libfmt-dev libcurl4-openssl-dev libgtest-dev libpcre2-dev libldns-dev
  python3 clang-format clang bc
  # The tests: rrdtool to read RRD files, iproute2 for network namespaces, and Debian's
  # original smokeping (with fping) to compare against.
  rrdtool rrdcached iproute2 procps util-linux fping smokeping
  # The web and distributed-mode tests: a real web server in front of the CGIs, and a
  # headless browser for the pages.
  nginx fcgiwrap spawn-fcgi libfcgi-bin chromium fonts-dejavu-core nodejs
  # The probe tests: an SSH server run by the test, and the original's external tools.
  openssh-server openssh-client dnsutils curl tcptraceroute
  # The package: dpkg-shlibdeps, lintian; the web server examples under Apache; logrotate.
  dpkg-dev binutils lintian apache2 libapache2-mod-fcgid logrotate
  # Hardening and extras: a slave with its clock set ahead (faketime), and promtool to check
  # the metrics page (prometheus).
  faketime prometheus
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-build-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

echo "install-build-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
