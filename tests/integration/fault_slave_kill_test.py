#!/usr/bin/env python3
"""A slave killed with SIGKILL while its master is away loses nothing (issue 9): the slave
runs against its master (CGI behind nginx on 127.0.0.1, plus the master daemon); the master's
web side goes away, the slave spools its rounds, and once at least 3 rounds are on its disk
it is killed with SIGKILL. The master comes back and the slave is started again. Afterwards:
  - every round that was in the slave's spool when it died reached the master exactly once
    (judged from the bodies nginx recorded for the answers 200);
  - per target, all the slave's delivered line times are unique and one step apart;
  - every row of `<target>~<slave>.rrd` between the first and the last line holds a median.

Usage: fault_slave_kill_test.py --smokeping BIN --cgi BIN [--step S] [--keep]
Exits 77 when nginx or fcgiwrap/spawn-fcgi is missing."""
import argparse
import glob
import os
import signal
import sys
import time

from smokeping_env import DistributedSite, add_role_options, roles_missing, roles_text
from webserver import missing_tools
from interop_rounds_test import HOSTS, PINGS, SLAVE, TARGETS
from fault_support import check_once_each, delivered, rrd_readable, rrd_settled


def spooled(cache_dir):
    """(target path, time) of every line in our slave's spool files."""
    out = set()
    for name in glob.glob(os.path.join(cache_dir, 'round-*.lines')):
        with open(name, errors='replace') as f:
            for line in f.read().split('\n')[1:]:
                fields = line.split('\t')
                if len(fields) == 3:
                    out.add((fields[0], int(fields[1])))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_role_options(parser, slave='ours', master_cgi='ours', master_daemon='ours')
    parser.add_argument('--step', type=int, default=4)
    args = parser.parse_args()
    missing = roles_missing(args) + missing_tools(args.cgi_mode)
    if missing:
        print('skip: missing %s' % ', '.join(missing))
        return 77
    if args.slave != 'ours':
        print('skip: the spool this test inspects is our slave\'s')
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
        slave = ds.start_slave(SLAVE)
        ds.wait_for(lambda: all(len(delivered(ds)[p]) >= 2 for p in HOSTS), step * 6 + 30,
                    'two rounds of the slave delivered')

        ds.web.stop()
        cache = ds.site.path('slave-' + SLAVE)
        ds.wait_for(lambda: len(spooled(cache)) >= 3 * len(HOSTS), step * 8 + 30,
                    '3 rounds in the slave spool while the master is away')
        os.kill(slave.proc.pid, signal.SIGKILL)
        slave.proc.wait()
        slave.stop()
        waiting = spooled(cache)
        print('slave killed with %d lines in its spool' % len(waiting))

        ds.web.start()
        ds.start_slave(SLAVE)
        ds.wait_for(lambda: all((p, t) in {(q, s) for q, ts in delivered(ds).items() for s in ts}
                                for p, t in waiting), step * 6 + 30,
                    'the spooled rounds delivered after the restart')
        got = delivered(ds)
        ds.wait_for(lambda: rrd_settled(ds, rrds, got), step * 4 + 30, 'the master to merge them')

        for path, stamp in sorted(waiting):
            n = got[path].count(stamp)
            assert n == 1, '%s line of %d delivered %d times' % (path, stamp, n)
        rows = check_once_each(ds, rrds, got, step)
        for rrd in rrds.values():
            assert rrd_readable(rrd) is None, rrd_readable(rrd)
        print('%d spooled lines delivered once each, %d RRD rows filled' % (len(waiting), rows))
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
