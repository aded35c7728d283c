#!/usr/bin/env python3
"""A master outage loses no slave data and duplicates none (master-slave.md §5, §6): a slave
runs against its master (CGI behind nginx on 127.0.0.1, plus the master daemon); then the
master is down (nginx and the CGI, and with --outage all the daemon too) for 5 of the slave's
rounds and comes back on the same port. Afterwards, judged from the bodies nginx recorded:
  - every round of the slave reached the master once: per target, the line times that were
    answered 200 are unique and follow each other at about one step, the outage's rounds
    included;
and judged from `<target>~<slave>.rrd`:
  - every row between the slave's first line and its last holds a median (a lost round
    would leave a gap longer than the heartbeat), and the master never logged an RRD update
    refused as a duplicate.
Roles are options as in interop_rounds_test.py (default: ours everywhere).

Usage: slave_outage_test.py --smokeping BIN --cgi BIN [role options] [--step S]
Exits 77 when nginx, fcgiwrap/spawn-fcgi or a requested original is missing."""
import argparse
import collections
import glob
import math
import os
import sys
import time

from smokeping_env import (DistributedSite, add_role_options, form_fields, read_storable,
                           roles_missing, roles_text, rrd_fetch, rrd_info, submission_lines)
from webserver import missing_tools
from interop_rounds_test import HOSTS, PINGS, SLAVE, TARGETS, check_values


def delivered(ds):
    """target path -> times of the slave's lines in requests answered 200, in arrival order
    (a time seen twice was delivered twice)."""
    out = collections.defaultdict(list)
    for req in ds.web.requests():
        if req['method'] != 'POST' or req['status'] != 200:
            continue
        fields = form_fields(req['content_type'], req['body'])
        if fields.get('slave') != SLAVE.encode():
            continue
        for path, stamp, _ in submission_lines(fields.get('data', b'')):
            out[path].append(stamp)
    return out


def cached_lines(cache_dir):
    """Lines waiting in the original slave's Storable cache files (ours has its own spool
    format: then None)."""
    count = 0
    for path in glob.glob(os.path.join(cache_dir, '*.cache')):
        try:
            with open(path, 'rb') as f:
                count += len(read_storable(f.read()))
        except (OSError, ValueError):
            return None
    return count


def wait_rounds(ds, rounds, what):
    """Waits until `rounds` steps have passed, failing early if a process of the site dies:
    the outage lasts a number of the slave's rounds, which only the clock can tell."""
    until = time.time() + rounds * ds.step
    ds.wait_for(lambda: time.time() >= until, rounds * ds.step + 10, what)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_role_options(parser, slave='ours', master_cgi='ours', master_daemon='ours')
    parser.add_argument('--step', type=int, default=6)
    parser.add_argument('--outage-rounds', type=int, default=5)
    parser.add_argument('--outage', choices=('all', 'web'), default='all',
                        help='all: nginx, CGI and master daemon are down; web: only the first two')
    args = parser.parse_args()
    missing = roles_missing(args) + missing_tools(args.cgi_mode)
    if missing:
        print('skip: missing %s' % ', '.join(missing))
        return 77
    print(roles_text(args), 'outage=%s' % args.outage)

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
        ds.start_slave(SLAVE)
        ds.wait_for(lambda: all(len(delivered(ds)[p]) >= 2 for p in HOSTS), step * 6 + 30,
                    'two rounds of the slave delivered')

        down = time.time()
        ds.web.stop()
        if args.outage == 'all':
            ds.stop_daemon()
        wait_rounds(ds, args.outage_rounds + 0.5, 'the outage to last')
        waiting = None
        if args.slave == 'original':
            waiting = cached_lines(ds.site.path('slave-' + SLAVE))
        up = time.time()
        if args.outage == 'all':
            ds.start_daemon()
        ds.web.start()

        # The lines judged are those delivered when the first post after the restart came
        # in; the slave keeps posting, so the master's merge is awaited for exactly these.
        ds.wait_for(lambda: all(max(delivered(ds)[p], default=0) > up for p in HOSTS),
                    step * 6 + 30, 'the slave to deliver again')
        got = delivered(ds)
        ds.wait_for(lambda: all(int(rrd_info(rrds[p])['last_update']) >= max(got[p])
                                for p in HOSTS), step * 4 + 30, 'the master to merge it')

        for path, rrd in rrds.items():
            times = got[path]
            dups = [t for t, n in collections.Counter(times).items() if n > 1]
            assert not dups, '%s: lines delivered more than once: %s' % (path, dups)
            times.sort()
            gaps = [b - a for a, b in zip(times, times[1:])]
            assert all(step / 2 <= g <= step * 1.5 for g in gaps), (
                '%s: a round is missing or doubled; times %s, gaps %s' % (path, times, gaps))
            in_outage = [t for t in times if down < t < up]
            assert len(in_outage) >= args.outage_rounds, (
                '%s: %d rounds from the outage delivered, expected %d: %s'
                % (path, len(in_outage), args.outage_rounds, times))

            # The rows the slave's updates cover whole: from the first step boundary a full
            # step after its first line to the last boundary before its last line.
            first_row = math.ceil(times[0] / step) * step + step
            last_row = times[-1] // step * step
            rows = [(t, v) for t, v in rrd_fetch(rrd, start=str(first_row - step),
                                                 end=str(last_row)) if first_row <= t <= last_row]
            empty = [t for t, v in rows if v['median'] is None]
            assert rows and not empty, '%s: rows without a median at %s' % (rrd, empty)
            assert len(rows) == (last_row - first_row) // step + 1, (
                '%s: %d rows, expected %d' % (rrd, len(rows), (last_row - first_row) // step + 1))
            check_values(rows, args.slave, ds.slave_rtts(SLAVE, HOSTS[path]), rrd)
            print('%s: %d rounds delivered once each (%d during the outage), %d rows filled'
                  % (path, len(times), len(in_outage), len(rows)))

        refused = []
        for name in os.listdir(ds.site.root):
            if name.startswith('master-daemon-'):
                with open(ds.site.path(name), errors='replace') as f:
                    refused += [line for line in f if 'illegal attempt to update' in line]
        assert not refused, 'the master refused RRD updates:\n' + ''.join(refused)
        if waiting is not None:
            print('the slave held %d lines in its cache when the master came back' % waiting)
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
