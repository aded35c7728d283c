#!/usr/bin/env python3
"""The master daemon brings slave data into `<target>~<slave>.rrd` (master-slave.md §6.2):
`.slave_cache` files written as the CGI writes them (Storable, the original's bytes) are read
and removed at the next round of the target's probe, also for a `nomasterpoll` target; the
file of a slave the target does not list is never touched.
Usage: master_slave_merge_test.py SMOKEPING_BINARY"""
import os
import struct
import subprocess
import sys
import time

from smokeping_env import Daemon, Site


def nstore_rows(rows):
    """Storable nstore of an array of [slave, time, update] arrays (§6.1 item 7)."""
    def scalar(text):
        data = text.encode()
        if len(data) < 256:
            return b'\x0a' + bytes([len(data)]) + data
        return b'\x01' + struct.pack('>I', len(data)) + data
    out = b'pst0\x05\x0b\x02' + struct.pack('>I', len(rows))
    for row in rows:
        out += b'\x04\x02' + struct.pack('>I', len(row)) + b''.join(scalar(f) for f in row)
    return out


def lastupdate(path):
    out = subprocess.run(['rrdtool', 'lastupdate', path], check=True,
                         stdout=subprocess.PIPE).stdout.decode().split('\n')
    names = out[0].split()
    stamp, _, values = out[2].partition(':')
    return int(stamp), dict(zip(names, values.split()))


def main():
    binary = sys.argv[1]
    site = Site('sp-merge-')
    daemon = None
    try:
        secrets = site.write('secrets', 's1:one\ns2:two\n', 0o600)
        probes = ('+ FPing\nbinary = %s\n\n*** Slaves ***\nsecrets = %s\n'
                  '+ s1\ndisplay_name = one\ncolor = ff0000\n+ s2\ndisplay_name = two\ncolor = 00ff00\n'
                  % (site.path('fping'), secrets))
        targets = ('+ t1\nmenu = t1\ntitle = t1\nhost = 127.0.0.1\nslaves = s1\n'
                   '+ t2\nmenu = t2\ntitle = t2\nhost = 127.0.0.2\nslaves = s1\n'
                   'nomasterpoll = yes\n')
        config = site.config(targets, probes=probes)
        daemon = Daemon(binary, config, site.path('daemon.log'))
        daemon.wait_for(lambda: os.path.exists(site.path('data', 't2~s1.rrd')), 30,
                        'the slave RRDs')
        t0 = int(time.time()) + 1
        rows = [['s1', str(t0 + i), 'U:0:%.3e:1e-3:1e-3:%.3e:2e-3:2e-3' % (v, v)]
                for i, v in enumerate((0.0015, 0.0025, 0.0035))]
        caches = {}
        for name in ('t1', 't2'):
            caches[name] = site.path('data', '%s.s1.slave_cache' % name)
            with open(caches[name], 'wb') as f:
                f.write(nstore_rows(rows))
        foreign = site.path('data', 't1.s2.slave_cache')
        with open(foreign, 'wb') as f:
            f.write(nstore_rows([['s2', str(t0), 'U:0:1:1:1:1:1:1']]))

        daemon.wait_for(lambda: not any(os.path.exists(p) for p in caches.values()), 60,
                        'the caches to be taken')
        for name in ('t1', 't2'):
            stamp, values = lastupdate(site.path('data', '%s~s1.rrd' % name))
            assert stamp == t0 + 2, '%s~s1.rrd last update %s, expected %s' % (name, stamp, t0 + 2)
            assert float(values['median']) == 0.0035, values
        assert os.path.exists(foreign), 'the cache of a slave t1 does not list is left alone'
        log = daemon.output()
        assert 'error' not in log.lower(), log
        assert daemon.stop() == 0
        print('1 passed, 0 failed')
    finally:
        if daemon:
            daemon.stop()
        site.cleanup()


if __name__ == '__main__':
    main()
