#!/usr/bin/env python3
"""A full datadir (issue 9): the master's datadir is a 1 MB tmpfs, mounted in a mount
namespace of this test's own, under the master daemon, its CGI and nginx; our slave posts
every round. Once rounds flow, a filler file takes all free space and a new target is added
(SIGHUP). While the disk is full:
  - the daemon logs a clear error naming each RRD it cannot create, and no partial or
    temporary RRD file is left; the existing RRDs keep taking the master's own rows;
  - the CGI logs the failed `.slave_cache` write and does not answer OK (503), so the slave
    keeps its rounds;
after the filler is removed:
  - the new target's RRDs are created by the next rounds, without a reload;
  - every round of the slave reaches its `<target>~slave1.rrd` once: the lines answered 200
    are unique and one step apart, and every row between the first and the last holds a
    median, the rounds of the full period included.

Usage: fault_disk_full_test.py --smokeping BIN --cgi BIN [--step S] [--keep]
Exits 77 when nginx or fcgiwrap/spawn-fcgi is missing or no mount namespace can be made."""
import argparse
import errno
import os
import signal
import subprocess
import sys
import time

from smokeping_env import DistributedSite, add_role_options, roles_missing, roles_text, rrd_fetch
from webserver import missing_tools
from fault_support import (check_once_each, daemon_log_lines, delivered, rrd_readable,
                           rrd_settled, small_rras)

SLAVE = 'slave1'
PINGS = 3
HOSTS = {'/Local/t2': '127.0.0.2', '/Local/t3': '127.0.0.3'}
NEW = {'/Local/t4': '127.0.0.4'}
NS_MARK = 'SP_FAULT_DISK_FULL_NS'


def local_node(hosts):
    return '+ Local\nmenu = Local\ntitle = Local\nslaves = %s\n' % SLAVE + host_nodes(hosts)


def host_nodes(hosts):
    return ''.join('++ {n}\nmenu = {n}\ntitle = {n}\nhost = {h}\n'.format(
        n=p.rsplit('/', 1)[1], h=h) for p, h in hosts.items())


def fill(path):
    """Appends zeros to `path` until the file system says it is full."""
    chunk = b'\0' * 4096
    with open(path, 'ab', buffering=0) as f:
        try:
            while True:
                f.write(chunk)
        except OSError as e:
            if e.errno != errno.ENOSPC:
                raise


def strays(data):
    """What no step may leave in the datadir: librrd's temporary files (`x.rrdXXXXXX`), and
    RRDs that do not read."""
    out = []
    for root, _, files in os.walk(data):
        for name in files:
            path = os.path.join(root, name)
            if name.endswith('.rrd'):
                if rrd_readable(path):
                    out.append(rrd_readable(path))
            elif '.rrd' in name:
                out.append(path)
    return out


def web_text(ds):
    return '\n'.join(ds.web.logs().values())


def post_statuses(ds):
    return [r['status'] for r in ds.web.requests() if r['method'] == 'POST']


def own_rows(ds, path, since):
    return [t for t, v in rrd_fetch(ds.rrd(path), start=str(int(since)))
            if v['median'] is not None]


def run(ds, data):
    step = ds.step
    small_rras(ds.config)
    ds.start_daemon()
    rrds = {p: ds.rrd(p, SLAVE) for p in list(HOSTS) + list(NEW)}
    ds.wait_for(lambda: all(os.path.exists(ds.rrd(p, SLAVE)) for p in HOSTS), 60,
                'the master daemon to create the slave RRDs')
    ds.web.start()
    ds.start_slave(SLAVE)
    ds.wait_for(lambda: all(len(delivered(ds)[p]) >= 2 for p in HOSTS), step * 6 + 30,
                'two rounds of the slave delivered')

    filler = os.path.join(data, 'filler')
    fill(filler)
    full_since = time.time()
    with open(ds.config, 'a') as f:
        f.write(host_nodes(NEW))  # under + Local, the last node of the config
    ds.daemon.signal(signal.SIGHUP)
    new_rrds = [ds.rrd(p) for p in NEW] + [ds.rrd(p, SLAVE) for p in NEW]

    def create_failures():
        return [line for line in daemon_log_lines(ds, 'rrd create failed')
                if any(p + ' ' in line for p in new_rrds)]

    def full_and(predicate):
        # The daemon's rounds free a page now and then (slave caches taken); the filler
        # takes it back, so that the disk stays full while this is watched.
        def check():
            fill(filler)
            return predicate()
        return check

    ds.wait_for(full_and(lambda: all(any(p + ' ' in l for l in create_failures())
                                     for p in [ds.rrd(q) for q in NEW])),
                step * 4 + 30, 'the failed create of the new target logged')
    ds.wait_for(full_and(lambda: post_statuses(ds).count(503) >= 2), step * 6 + 30,
                'two slave posts refused while the disk is full')
    rounds = ds.daemon.rounds()
    own_before = {p: own_rows(ds, p, full_since) for p in HOSTS}
    ds.wait_for(full_and(lambda: ds.daemon.rounds() >= rounds + 2), step * 4 + 30,
                'two more rounds on the full disk')
    failures = create_failures()
    print('daemon:', failures[0].strip()[:300])
    assert all('disk full' in line for line in failures), ''.join(failures)
    assert not any(os.path.exists(p) for p in new_rrds), 'an RRD was created on a full disk'
    assert not strays(data), 'partial files on the full disk: %s' % strays(data)
    cgi_errors = [l for l in web_text(ds).splitlines() if 'slave cache write failed' in l]
    assert cgi_errors, 'the CGI logged no failed cache write:\n' + web_text(ds)[-3000:]
    print('cgi:', cgi_errors[0].strip()[:300])
    for p in HOSTS:
        assert len(own_rows(ds, p, full_since)) > len(own_before[p]), (
            '%s: the master\'s own rows stopped while the disk was full' % p)

    os.unlink(filler)
    emptied = time.time()
    ds.wait_for(lambda: all(os.path.exists(p) for p in new_rrds), step * 4 + 30,
                'the new target\'s RRDs created once there is room')
    # The slave learns of the new target with the first answer after the disk emptied (a
    # 503 carries no config): three of its rounds make rows to check.
    ds.wait_for(lambda: all(delivered(ds)[p] and max(delivered(ds)[p]) > emptied + step
                            for p in rrds) and all(len(delivered(ds)[p]) >= 3 for p in NEW),
                step * 8 + 30, 'the slave to deliver everything once there is room')
    got = delivered(ds)
    ds.wait_for(lambda: rrd_settled(ds, rrds, got), step * 4 + 30, 'the master to merge it')
    in_full = [t for t in got['/Local/t2'] if full_since < t < emptied]
    assert in_full, 'no round of the full period delivered: %s' % got['/Local/t2']
    rows = check_once_each(ds, rrds, got, step)
    assert not strays(data), strays(data)
    print('%d slave rounds of the full period delivered late, %d rows filled; the new '
          'target\'s RRDs made once the disk had room' % (len(in_full), rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_role_options(parser, slave='ours', master_cgi='ours', master_daemon='ours')
    parser.add_argument('--step', type=int, default=4)
    args = parser.parse_args()
    missing = roles_missing(args) + missing_tools(args.cgi_mode)
    if missing:
        print('skip: missing %s' % ', '.join(missing))
        return 77
    if 'original' in (args.master_cgi, args.master_daemon, args.slave):
        print('skip: this test checks how our programs take a full disk')
        return 77
    if os.environ.get(NS_MARK) != '1':
        # Again, inside a mount namespace of its own: the tmpfs is seen by this test's
        # processes only and goes away with them.
        probe = subprocess.run(['unshare', '--mount', '--propagation', 'private', 'true'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe.returncode != 0:
            print('skip: cannot make a mount namespace (unshare --mount)')
            return 77
        env = dict(os.environ, **{NS_MARK: '1'})
        return subprocess.run(['unshare', '--mount', '--propagation', 'private',
                               sys.executable, os.path.abspath(__file__), *sys.argv[1:]],
                              env=env).returncode
    print(roles_text(args))
    started = time.monotonic()
    ds = DistributedSite(args, local_node(HOSTS), {SLAVE: 'secret-one'}, step=args.step,
                         pings=PINGS, record_bodies=True)
    data = ds.site.path('data')
    try:
        subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', data], check=True)
        run(ds, data)
    except AssertionError as e:
        print('FAIL (%s): %s' % (roles_text(args), e))
        print(ds.report())
        print('1 failed, 0 passed')
        return 1
    finally:
        ds.stop()
        subprocess.run(['umount', data], stderr=subprocess.DEVNULL)
        ds.cleanup()
    print('took %.0f s' % (time.monotonic() - started))
    print('1 passed, 0 failed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
