#!/usr/bin/env bash
# The FPing probe measures what the network does: 10 targets behind a veth pair answer after
# 30 ms and drop 20% of the requests (tests/support/icmp_responder), and the probe must report a
# median within 0.5 ms of 30 ms and a loss within 3 sigma of 20%. Then, with replies 300 ms late,
# fping 5's count-mode timeouts: `timeout = 0.2` loses every ping (a late reply must not be
# taken for the next ping's), while the default timeout (the 0.5 s period) gets them all.
#   fping_accuracy_test.sh ICMP_RESPONDER FPING_PROBE_RUN
# Everything happens in two network namespaces this script creates (spt-PID for the responder,
# spt-PID-p for the probe), so the host's own interfaces and routes are never touched.
# Exits 77 (skip) where namespaces cannot be created. SPT_SEED picks the responder's loss draws.
set -euo pipefail

responder=${1:?usage: $0 ICMP_RESPONDER FPING_PROBE_RUN}
runner=${2:?usage: $0 ICMP_RESPONDER FPING_PROBE_RUN}
delay_ms=30
loss=0.2
pings=20
rounds=5
# Fixed so the loss drawn is the same every run (CI must not flake); vary it with SPT_SEED.
seed=${SPT_SEED:-2}

ns=spt-$$
ns_probe=spt-$$-p
tmp=$(mktemp -d)
responder_pid=

cleanup() {
  if [[ -n $responder_pid ]]; then
    kill "$responder_pid" 2>/dev/null || true
    wait "$responder_pid" 2>/dev/null || true
  fi
  ip netns del "$ns_probe" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

if ! ip netns add "$ns" 2>"$tmp/err"; then
  echo "SKIP: cannot create a network namespace: $(cat "$tmp/err")"
  exit 77
fi
ip netns add "$ns_probe"

# The pair is born inside the namespaces: veth0 on the probe's side, veth1 on the responder's.
ip -n "$ns_probe" link add veth0 type veth peer name veth1 netns "$ns"
ip -n "$ns_probe" addr add 10.211.0.1/30 dev veth0
ip -n "$ns" addr add 10.211.0.2/30 dev veth1
targets=(10.211.0.2)
for i in $(seq 1 9); do
  ip -n "$ns" addr add "10.211.1.$i/32" dev veth1
  targets+=("10.211.1.$i")
done
for n in "$ns" "$ns_probe"; do ip -n "$n" link set lo up; done
ip -n "$ns_probe" link set veth0 up
ip -n "$ns" link set veth1 up
ip -n "$ns_probe" route add 10.211.1.0/24 via 10.211.0.2
# Only the responder may answer, or every ping would be answered twice and on time.
ip netns exec "$ns" sysctl -qw net.ipv4.icmp_echo_ignore_all=1

start_responder() {  # DELAY_MS LOSS
  # `ip netns exec` execs the command, so $! is the responder itself.
  ip netns exec "$ns" "$responder" --delay-ms "$1" --loss "$2" --seed "$seed" \
    >"$tmp/responder.out" &
  responder_pid=$!
  for _ in $(seq 50); do
    grep -qx ready "$tmp/responder.out" 2>/dev/null && return 0
    kill -0 "$responder_pid" 2>/dev/null || { echo "FAIL: icmp_responder did not start"; exit 1; }
    sleep 0.1
  done
  echo "FAIL: icmp_responder never said ready"
  exit 1
}

stop_responder() {
  kill "$responder_pid"
  wait "$responder_pid" || true
  responder_pid=
}

start_responder "$delay_ms" "$loss"

ip netns exec "$ns_probe" "$runner" --pings "$pings" --rounds "$rounds" \
  --set hostinterval=0.2 "${targets[@]}" >"$tmp/run.out"

sent=$(( ${#targets[@]} * pings * rounds ))
lost=$(awk '$1 == "lost" { s += $2 } END { print s + 0 }' "$tmp/run.out")
grep '^rtt ' "$tmp/run.out" | awk '{ print $2 }' | sort -g >"$tmp/rtts"
replies=$(wc -l <"$tmp/rtts")
if (( replies + lost != sent )); then
  echo "FAIL: $replies replies + $lost lost != $sent pings sent"
  exit 1
fi
# The upper middle value, as SmokePing takes the median.
median=$(sed -n "$(( replies / 2 + 1 ))p" "$tmp/rtts")

echo "seed=$seed pings=$sent replies=$replies lost=$lost median_ms=$median"
awk -v m="$median" -v d="$delay_ms" -v lost="$lost" -v n="$sent" -v p="$loss" 'BEGIN {
  ok = 1
  if (m - d > 0.5 || d - m > 0.5) { printf "FAIL: median %.3f ms is not within 0.5 ms of %d ms\n", m, d; ok = 0 }
  f = lost / n; sigma = sqrt(p * (1 - p) / n)
  if (f - p > 3 * sigma || p - f > 3 * sigma) {
    printf "FAIL: loss %.4f is not within 3 sigma (%.4f) of %.2f\n", f, 3 * sigma, p; ok = 0
  }
  if (ok) printf "PASS: median %.3f ms, loss %.4f (3 sigma = %.4f)\n", m, f, 3 * sigma
  exit ok ? 0 : 1
}'
stop_responder

start_responder 300 0
late() {  # EXPECTED_REPLIES OPTION...
  local want=$1
  shift
  ip netns exec "$ns_probe" "$runner" --pings 5 --set hostinterval=0.5 "$@" "${targets[@]}" \
    >"$tmp/late.out"
  local got
  got=$(grep -c '^rtt ' "$tmp/late.out" || true)
  if (( got != want )); then
    echo "FAIL: 300 ms replies with hostinterval=0.5 $*: $got replies, expected $want"
    exit 1
  fi
  echo "PASS: 300 ms replies with hostinterval=0.5 $*: $got replies"
}
late 0 --set timeout=0.2
late $(( ${#targets[@]} * 5 ))
