#!/usr/bin/env python3
"""A slave killed with SIGKILL while its master is away loses nothing (issue 9): the slave
runs against its master (CGI behind nginx on 127.0.0.1, plus the master daemon); the master's
web side goes away, the slave spools its rounds, and once at least 3 rounds are on its disk
it is killed with SIGKILL. The master comes back and the slave is started again. Afterwards:
  - every round that was in the slave's spool when it died reached the master exactly once
    (judged from the bodies nginx recorded for the answers 200);
  - per target, all the slave's delivered line times are unique and one step apart;
  - every row of `<target>~<slave>.rrd` between the first and the last line holds a median.
Also holds helpers the other fault_*_test.py files share.

Usage: fault_slave_kill_test.py --smokeping BIN --cgi BIN [--step S] [--keep]
Exits 77 when nginx or fcgiwrap/spawn-fcgi is missing."""
import argparse
import collections
import glob
import math
import os
import signal
import sys
import time

from smokeping_env import (DistributedSite, add_role_options, form_fields, roles_missing,
                           roles_text, rrd_fetch, rrd_info, submission_lines)
from webserver import missing_tools
from interop_rounds_test import HOSTS, PINGS, SLAVE, TARGETS


def delivered(ds, slave=SLAVE):
    """target path -> times of `slave`'s lines in requests answered 200, in arrival order."""
    out = collections.defaultdict(list)
    for req in ds.web.requests():
        if req['method'] != 'POST' or req['status'] != 200:
            continue
        fields = form_fields(req['content_type'], req['body'])
        if fields.get('slave') != slave.encode():
            continue
        for path, stamp, _ in submission_lines(fields.get('data', b'')):
            out[path].append(stamp)
    return out


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


def rrd_settled(ds, rrds, got):
    """The master daemon has merged every delivered line: each RRD's last update is at least
    the newest line delivered for it."""
    return all(got[p] and int(rrd_info(rrds[p])['last_update']) >= max(got[p]) for p in rrds)


def check_once_each(ds, rrds, got, step):
    """Per target: no line delivered twice, no round missing (one step between lines, with
    the slack of a round's length), and every RRD row the lines cover holds a median.
    Returns the number of rows checked."""
    checked = 0
    for path, rrd in rrds.items():
        times = list(got[path])
        dups = [t for t, n in collections.Counter(times).items() if n > 1]
        assert not dups, '%s: lines delivered more than once: %s' % (path, dups)
        times.sort()
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert all(step / 2 <= g <= step * 1.5 for g in gaps), (
            '%s: a round is missing or doubled; times %s, gaps %s' % (path, times, gaps))
        first_row = math.ceil(times[0] / step) * step + step
        last_row = times[-1] // step * step
        rows = [(t, v) for t, v in rrd_fetch(rrd, start=str(first_row - step), end=str(last_row))
                if first_row <= t <= last_row]
        empty = [t for t, v in rows if v['median'] is None]
        assert rows and not empty, '%s: rows without a median at %s' % (rrd, empty)
        assert len(rows) == (last_row - first_row) // step + 1, (
            '%s: %d rows, expected %d' % (rrd, len(rows), (last_row - first_row) // step + 1))
        checked += len(rows)
    return checked


def daemon_log_lines(ds, needle):
    """Lines of every master daemon log of the site that contain `needle`."""
    out = []
    for name in sorted(os.listdir(ds.site.root)):
        if name.startswith('master-daemon-'):
            with open(ds.site.path(name), errors='replace') as f:
                out += [line for line in f if needle in line]
    return out


def small_rras(config):
    """The site's RRAs cut down, so that an RRD takes about 60 kB instead of 800 kB."""
    with open(config) as f:
        text = f.read()
    text = text.replace(' 12 4320\n', ' 12 10\n').replace(' 144 720\n', ' 144 10\n')
    with open(config, 'w') as f:
        f.write(text)


def rrd_readable(path):
    """None when `rrdtool info` reads the file and it has the layout's data sources; else
    what is wrong."""
    try:
        info = rrd_info(path)
    except Exception as e:  # CalledProcessError: rrdtool said why on stderr
        return 'rrdtool info %s failed: %s' % (path, e)
    if 'ds[median].type' not in info or 'last_update' not in info:
        return '%s lacks median or last_update' % path
    return None


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
