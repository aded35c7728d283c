#!/usr/bin/env python3
"""SIGHUP: a changed target list changes what is updated; a broken config is refused and the
old one keeps running; 100 reloads grow the resident memory by less than 1 MB.
Usage: master_reload_test.py SMOKEPING_BINARY"""
import os
import signal
import sys

from smokeping_env import Daemon, Site, rrd_info


def target(i):
    return '+ lo{i}\nmenu = lo{i}\ntitle = lo{i}\nhost = 127.0.0.{i}\n'.format(i=i)


def rss_kb(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise AssertionError('no VmRSS')


def main():
    binary = sys.argv[1]
    site = Site()
    daemon = None
    try:
        config = site.config(target(1) + target(2), step=5, pings=3)
        daemon = Daemon(binary, config, site.path('daemon.log'))
        daemon.wait_for(lambda: daemon.rounds() >= 1, 60, 'first round')
        assert os.path.exists(site.path('data', 'lo2.rrd'))

        # Swap lo2 for lo3: lo3 appears and is updated, lo2 is left alone.
        site.config(target(1) + target(3), step=5, pings=3)
        reloads = daemon.output().count('config reloaded')
        daemon.signal(signal.SIGHUP)
        daemon.wait_for(lambda: daemon.output().count('config reloaded') > reloads, 30, 'reload')
        lo2_last = rrd_info(site.path('data', 'lo2.rrd'))['last_update']
        rounds = daemon.rounds()
        daemon.wait_for(lambda: daemon.rounds() >= rounds + 2, 60, 'two rounds after reload')
        assert os.path.exists(site.path('data', 'lo3.rrd')), 'lo3.rrd created on reload'
        lo3 = rrd_info(site.path('data', 'lo3.rrd'))
        assert int(lo3['last_update']) > 0 and lo3['ds[median].last_ds'] != 'U', lo3
        assert rrd_info(site.path('data', 'lo2.rrd'))['last_update'] == lo2_last, \
            'lo2 is not updated after it left the config'

        # A broken config is refused with the error logged; rounds go on.
        good = open(config).read()
        site.write('config', good + '\nthis is not a config line\n')
        daemon.signal(signal.SIGHUP)
        daemon.wait_for(lambda: 'reload failed, keeping the running config' in daemon.output(),
                        30, 'refused reload')
        assert 'table syntax error' in daemon.output()
        rounds = daemon.rounds()
        daemon.wait_for(lambda: daemon.rounds() > rounds, 60, 'a round after the refused reload')

        # 100 reloads: memory stays put.
        site.write('config', good)
        count = daemon.output().count('config reloaded')
        daemon.signal(signal.SIGHUP)
        count += 1
        daemon.wait_for(lambda: daemon.output().count('config reloaded') >= count, 30, 'reload')
        before = rss_kb(daemon.proc.pid)
        for _ in range(100):
            daemon.signal(signal.SIGHUP)
            count += 1
            daemon.wait_for(lambda: daemon.output().count('config reloaded') >= count, 30,
                            'reload %d' % count)
        after = rss_kb(daemon.proc.pid)
        print('RSS before %d kB, after 100 reloads %d kB' % (before, after))
        if 'ASAN_OPTIONS' in os.environ:
            # AddressSanitizer keeps freed memory in quarantine, so RSS says nothing there; the
            # Release run checks it and LeakSanitizer checks for leaks.
            print('note: sanitizer build, RSS growth not asserted')
        else:
            assert after - before < 1024, 'RSS grew by %d kB' % (after - before)

        assert daemon.stop() == 0
        print('1 passed, 0 failed')
        return 0
    finally:
        if daemon:
            daemon.stop()
        site.cleanup()


if __name__ == '__main__':
    sys.exit(main())
