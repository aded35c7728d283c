#!/usr/bin/env python3
"""Distributed mode across implementations (master-slave.md §1-§6): a slave runs against a
master CGI behind a real nginx (+ fcgiwrap, or + spawn-fcgi for FastCGI) on 127.0.0.1, and
within a few rounds the master daemon has put the slave's medians into
`<target>~<slave>.rrd`, for every target the slave serves, while `<target>.rrd` keeps the
master's own values.

Which program plays each role is an option, so every combination of ours and Debian's 2.7.3
can run:
  original slave -> our master:    --slave original --master-cgi ours --master-daemon ours
  our slave -> original master:    --slave ours --master-cgi original --master-daemon original
The original's probes run a fake fping (smokeping_env.FAKE_FPING), so where the original
measures, the exact values are known and checked; where ours measures (real ICMP on
127.0.0.x), medians must be under 5 ms with no loss.

Usage: interop_rounds_test.py --smokeping BIN --cgi BIN [role options] [--step S] [--rounds N]
Exits 77 when nginx, fcgiwrap/spawn-fcgi or the original is missing."""
import argparse
import os
import re
import sys
import time

from smokeping_env import (DistributedSite, add_role_options, fake_rtts, roles_missing,
                           roles_text, rrd_fetch)
from webserver import missing_tools

SLAVE = 'slave1'
HOSTS = {'/Local/t2': '127.0.0.2', '/Local/t3': '127.0.0.3'}
TARGETS = '+ Local\nmenu = Local\ntitle = Local\nslaves = %s\n' % SLAVE + ''.join(
    '++ {n}\nmenu = {n}\ntitle = {n}\nhost = {h}\n'.format(n=p.rsplit('/', 1)[1], h=h)
    for p, h in HOSTS.items())
PINGS = 3


def measured_rows(path, since):
    """Rows of the step-sized AVERAGE RRA after `since` that hold a median."""
    return [(t, v) for t, v in rrd_fetch(path, start=str(int(since)))
            if t > since and v['median'] is not None]


def check_values(rows, role, expected, what):
    """Exact values where the original measured through the fake fping, plausible ones where
    ours pinged 127.0.0.x for real."""
    for t, v in rows:
        assert v['loss'] == 0, '%s row %d: loss %s' % (what, t, v)
        if role == 'original':
            pings = [v['ping%d' % (i + 1)] for i in range(PINGS)]
            median = expected[len(expected) // 2]
            assert abs(v['median'] - median) < 1e-9, '%s row %d: median %s, expected %s' % (
                what, t, v['median'], median)
            assert all(abs(a - b) < 1e-9 for a, b in zip(pings, expected)), (
                '%s row %d: pings %s, expected %s' % (what, t, pings, expected))
        else:
            assert 0 < v['median'] < 0.005, '%s row %d: median %s' % (what, t, v['median'])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_role_options(parser, slave='original', master_cgi='ours', master_daemon='ours')
    parser.add_argument('--step', type=int, default=10)
    parser.add_argument('--rounds', type=int, default=3, help='slave rows to wait for')
    args = parser.parse_args()
    missing = roles_missing(args) + missing_tools(args.cgi_mode)
    if missing:
        print('skip: missing %s' % ', '.join(missing))
        return 77
    print(roles_text(args))

    started = time.monotonic()
    ds = DistributedSite(args, TARGETS, {SLAVE: 'secret-one'},
                         step=args.step, pings=PINGS)
    try:
        ds.start_daemon()
        slave_rrds = [ds.rrd(p, SLAVE) for p in HOSTS]
        ds.wait_for(lambda: all(os.path.exists(p) for p in slave_rrds), 60,
                    'the master daemon to create %s' % slave_rrds)
        ds.web.start()
        since = time.time()
        ds.start_slave(SLAVE)

        def slave_rows():
            return {p: measured_rows(ds.rrd(p, SLAVE), since) for p in HOSTS}

        ds.wait_for(lambda: all(len(r) >= args.rounds for r in slave_rows().values()),
                    args.step * (args.rounds + 5) + 30,
                    '%d rounds of %s in %s' % (args.rounds, SLAVE, slave_rrds))
        for path, host in HOSTS.items():
            rows = slave_rows()[path]
            check_values(rows, args.slave, ds.slave_rtts(SLAVE, host), ds.rrd(path, SLAVE))
            own = measured_rows(ds.rrd(path), since)
            assert own, 'the master measured %s itself too' % path
            check_values(own, args.master_daemon,
                         fake_rtts(ds.MASTER_RTT_MS, host, PINGS), ds.rrd(path))
            print('%s: %d slave rows, %d master rows' % (path, len(rows), len(own)))
        statuses = re.findall(r'"POST /smokeping.cgi HTTP/1.[01]" (\d+)',
                              ds.web.logs().get('access.log', ''))
        assert statuses and set(statuses) == {'200'}, 'every POST answered 200: %s' % statuses
        print('took %.0f s' % (time.monotonic() - started))
        print('1 passed, 0 failed')
        return 0
    except AssertionError as e:
        print('FAIL (%s): %s' % (roles_text(args), e))
        print('1 failed, 0 passed')
        return 1
    finally:
        ds.stop()
        ds.cleanup()


if __name__ == '__main__':
    sys.exit(main())
