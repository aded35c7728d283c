#!/usr/bin/env python3
"""A slave whose clock is 1 hour ahead (issue 9), run under libfaketime (Debian package
`faketime`), against our master (CGI behind nginx on 127.0.0.1, plus the master daemon):
  - every line it posts is refused as a future time (the CGI logs each line `future_time`,
    or refuses a whole post signed with a time more than 300 s ahead), nothing of it
    reaches a `.slave_cache` or an RRD: `<target>~slave1.rrd`'s last update never passes
    the master's clock, so the RRD is not poisoned for the rows of the next hour;
  - the slave keeps the rounds of a post refused whole (403) in its spool (bounded by
    --max-cache-age and size); once its clock is right it sends them again, and the master
    answers 2xx `WARNING: Refused k of n lines ...` for their future lines: it took all it
    ever will, so the slave counts the rounds as delivered and drops them, the refusal
    logged on both sides. (A slave less than 300 s but more than 60 s ahead gets that
    answer at once.) The rounds measured ahead are lost, NTP is the remedy; the master's
    RRDs are never poisoned;
then the slave's clock is set right, by default while it runs, as NTP would step it
(--clock-fix step; libfaketime reads the offset from a file: the scheduler must notice the
clock went back by an hour and plan its next round from the new time, not wait an hour), or
with a restart (--clock-fix restart):
  - its new rounds land: rows with a median after the correction, the last update still not
    in the future; no line with the right time goes to the master in more than one post
    answered 200, and the master daemon logs no RRD update refused as too old (`illegal
    attempt to update`): the refused rounds are gone, nothing is sent again.
Printed for the record: how many rounds the slave's spool held.

Usage: fault_slave_clock_test.py --smokeping BIN --cgi BIN [--step S] [--clock-fix step|restart]
       [--keep]
Exits 77 when nginx, fcgiwrap/spawn-fcgi or libfaketime is missing."""
import argparse
import collections
import glob
import os
import sys
import time

from smokeping_env import (DistributedSite, Slave, add_role_options, process_env, roles_missing,
                           roles_text, rrd_fetch, rrd_info)
from webserver import missing_tools
from fault_support import daemon_log_lines, delivered, rrd_readable
from interop_rounds_test import HOSTS, PINGS, SLAVE, TARGETS

# Debian installs it under the architecture's multiarch directory.
LIBFAKETIMES = sorted(glob.glob('/usr/lib/*/faketime/libfaketimeMT.so.1'))
LIBFAKETIME = LIBFAKETIMES[0] if LIBFAKETIMES else None
AHEAD = 3600


def start_skewed_slave(ds, offset_file):
    """Our slave with its wall clock as far ahead as `offset_file` says (its monotonic clock
    left alone)."""
    cache = ds.site.path('slave-' + SLAVE)
    os.makedirs(cache, exist_ok=True)
    secret = ds.site.write('slave-%s.secret' % SLAVE, ds.secrets[SLAVE] + '\n', 0o600)
    # In a sanitizer build ASan's allocator reads the monotonic clock while it holds its lock;
    # libfaketime answers that call by reading its file with fopen, whose malloc then waits for
    # the same lock: the slave hangs before main. Without periodic release to the OS the
    # allocator never asks the clock.
    asan = ':'.join(o for o in (os.environ.get('ASAN_OPTIONS'),
                                'allocator_release_to_os_interval_ms=-1') if o)
    env = process_env(SP_FAKE_RTT_MS=ds.SLAVE_RTT_MS, LD_PRELOAD=LIBFAKETIME,
                      FAKETIME_TIMESTAMP_FILE=offset_file, FAKETIME_NO_CACHE=1,
                      DONT_FAKE_MONOTONIC=1, ASAN_OPTIONS=asan)
    slave = Slave(ds.args.smokeping, ds.web.cgi_url, cache, secret, SLAVE,
                  ds.site.path('slave-%s-skewed.log' % SLAVE), env=env)
    ds.slaves[SLAVE] = slave
    return slave


def spool_files(ds):
    return glob.glob(os.path.join(ds.site.path('slave-' + SLAVE), 'round-*.lines'))


def slave_log(ds):
    with open(ds.site.path('slave-%s-skewed.log' % SLAVE), errors='replace') as f:
        return f.read()


def web_text(ds):
    return '\n'.join(ds.web.logs().values())


def refusals(ds):
    """The CGI's log lines of the slave's refused posts: each of its lines refused as
    `future_time`, or, where the slave signs its posts with a time (protocol 3), the whole
    post refused for that time."""
    return [l for l in web_text(ds).splitlines() if 'slave post slave=%s ' % SLAVE in l and (
        'answer=auth_refused' in l or ('refused=0 ' not in l and 'stored=0 ' in l))]


def check_not_poisoned(rrds):
    for rrd in rrds.values():
        assert rrd_readable(rrd) is None, rrd_readable(rrd)
        last = int(rrd_info(rrd)['last_update'])
        assert last <= time.time() + 1, '%s: last update %d is in the future' % (rrd, last)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_role_options(parser, slave='ours', master_cgi='ours', master_daemon='ours')
    parser.add_argument('--step', type=int, default=4)
    parser.add_argument('--clock-fix', choices=('restart', 'step'), default='step')
    args = parser.parse_args()
    missing = roles_missing(args) + missing_tools(args.cgi_mode)
    if not LIBFAKETIME:
        missing.append('/usr/lib/*/faketime/libfaketimeMT.so.1 (package faketime)')
    if missing:
        print('skip: missing %s' % ', '.join(missing))
        return 77
    if 'original' in (args.slave, args.master_cgi, args.master_daemon):
        print('skip: this test runs ours in every role')
        return 77
    print(roles_text(args))

    started = time.monotonic()
    step = args.step
    ds = DistributedSite(args, TARGETS, {SLAVE: 'secret-one'}, step=step, pings=PINGS,
                         record_bodies=True)
    try:
        ds.start_daemon()
        rrds = {p: ds.rrd(p, SLAVE) for p in HOSTS}
        ds.wait_for(lambda: all(os.path.exists(p) for p in rrds.values()), 60,
                    'the master daemon to create the slave RRDs')
        ds.web.start()
        stepping = args.clock_fix == 'step'
        offset_file = ds.site.write('faketime', '+%ds\n' % (0 if stepping else AHEAD))
        skewed = start_skewed_slave(ds, offset_file)
        if stepping:
            # Right first, so that the slave has its config and its scheduler is waiting for a
            # round when the clock jumps an hour ahead (and, later, back). A slave started
            # ahead gets no config at all: its signed posts are refused for their time.
            ds.wait_for(lambda: 'probe started' in slave_log(ds), 60,
                        'the slave to start its probe with the right clock')
            ds.site.write('faketime', '+%ds\n' % AHEAD)
        ds.wait_for(lambda: len(refusals(ds)) >= 2, step * 6 + 60,
                    'two posts of the skewed slave refused')
        rounds = ds.daemon.rounds()
        ds.wait_for(lambda: ds.daemon.rounds() >= rounds + 1, step * 3 + 30,
                    'a master round after the refusals')
        caches = glob.glob(os.path.join(ds.site.path('data'), '**', '*.slave_cache'),
                           recursive=True)
        if not stepping:  # stepping, the rounds from before the jump are in the caches
            assert not caches, 'refused lines reached a slave cache: %s' % caches
        check_not_poisoned(rrds)
        print('refused, as the CGI logs it:', refusals(ds)[0].strip()[:400])
        held = len(spool_files(ds))
        print('the skewed slave\'s spool held %d rounds' % held)

        ds.site.write('faketime', '+0s\n')
        fixed = time.time()
        if args.clock_fix == 'restart':
            skewed.stop()
            ds.start_slave(SLAVE)

        def new_rows():
            return {p: [t for t, v in rrd_fetch(rrd, start=str(int(fixed)))
                        if t > fixed and v['median'] is not None] for p, rrd in rrds.items()}

        ds.wait_for(lambda: all(len(r) >= 3 for r in new_rows().values()), step * 8 + 30,
                    'three rows of the slave with the right clock')
        check_not_poisoned(rrds)
        twice = sum(n - 1 for times in delivered(ds).values()
                    for t, n in collections.Counter(times).items() if t < fixed + AHEAD // 2)
        illegal = daemon_log_lines(ds, 'illegal attempt to update')
        print('with the right clock: rows landed %s; the spool holds %d rounds; lines with the '
              'right time in more than one answer 200: %d; RRD updates refused as too old: %d'
              % ({p: len(r) for p, r in new_rows().items()}, len(spool_files(ds)), twice,
                 len(illegal)))
        assert twice == 0, '%d lines with the right time were delivered more than once' % twice
        assert not illegal, 'RRD updates refused as too old:\n' + ''.join(illegal)
        print('the slave on its clock:',
              [l.split('] ', 2)[-1][:200] for l in slave_log(ds).splitlines()
               if 'wall clock went' in l or 'refused some posted lines' in l][:6])
        print('took %.0f s' % (time.monotonic() - started))
        print('1 passed, 0 failed')
        return 0
    except AssertionError as e:
        print('FAIL (%s): %s' % (roles_text(args), e))
        print(ds.report())
        print('1 failed, 0 passed')
        return 1
    finally:
        ds.stop()
        ds.cleanup()


if __name__ == '__main__':
    sys.exit(main())
