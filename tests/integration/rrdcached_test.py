#!/usr/bin/env python3
"""RRD updates through rrdcached: with --rrdcached (or RRDCACHED_ADDRESS) the master's updates
go to the daemon, and reach the file when rrdcached flushes it.
Usage: rrdcached_test.py SMOKEPING_BINARY"""
import os
import shutil
import signal
import subprocess
import sys

from smokeping_env import Daemon, Site, rrd_fetch


def main():
    binary = sys.argv[1]
    rrdcached = shutil.which('rrdcached')
    if not rrdcached:
        print('SKIP: rrdcached is not installed (Debian package rrdcached)')
        return 77
    site = Site()
    cached = daemon = None
    try:
        sock = site.path('rrdcached.sock')
        # -g: foreground; -w 3600: never writes on its own within the test, so the file only
        # changes when we ask rrdcached to flush.
        cached = subprocess.Popen([rrdcached, '-g', '-l', 'unix:' + sock, '-w', '3600',
                                   '-p', site.path('rrdcached.pid'), '-b', site.path('data'), '-B'],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        config = site.config('+ lo1\nhost = 127.0.0.1\n', step=5, pings=3)
        daemon = Daemon(binary, config, site.path('daemon.log'), ['--rrdcached=unix:' + sock])
        daemon.wait_for(lambda: os.path.exists(sock), 20, 'rrdcached socket')
        daemon.wait_for(lambda: daemon.rounds() >= 3, 60, '3 rounds')
        rrd = site.path('data', 'lo1.rrd')
        unflushed = [v for _, v in rrd_fetch(rrd, start='-60') if v['median'] is not None]
        assert not unflushed, 'updates wait in rrdcached until flushed: %s' % unflushed
        subprocess.run(['rrdtool', 'flushcached', '--daemon', 'unix:' + sock, rrd], check=True)
        flushed = [v for _, v in rrd_fetch(rrd, start='-60') if v['median'] is not None]
        assert flushed, 'after the flush the file holds the rounds'
        assert 'rrd update failed' not in daemon.output(), daemon.output()
        assert daemon.stop() == 0
        print('1 passed, 0 failed')
        return 0
    finally:
        if daemon:
            daemon.stop()
        if cached and cached.poll() is None:
            os.kill(cached.pid, signal.SIGTERM)
            cached.wait()
        site.cleanup()


if __name__ == '__main__':
    sys.exit(main())
