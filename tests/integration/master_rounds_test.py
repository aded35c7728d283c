#!/usr/bin/env python3
"""The master on 3 loopback targets for at least 3 rounds (step 10 s): the RRD files have the
original's layout (compared with files the original creates for the same config) and hold
medians under 5 ms with no loss. A second instance is refused, --reload reaches the daemon through its pid file,
and SIGTERM ends it with status 0 and no pid file left.
Usage: master_rounds_test.py SMOKEPING_BINARY"""
import os
import re
import subprocess
import sys

from smokeping_env import Daemon, Site, rrd_fetch, rrd_info

VOLATILE = re.compile(r'^(filename|last_update|ds\[[^]]+\]\.(last_ds|value|unknown_sec)|'
                      r'rra\[\d+\]\.(cur_row|cdp_prep\[.*))$')

TARGETS = ''.join('+ lo{i}\nmenu = lo{i}\ntitle = lo{i}\nhost = 127.0.0.{i}\n'.format(i=i)
                  for i in (1, 2, 3))


def original_layout(site, binary_fping):
    """Lets Debian's smokeping create the files for the same config, in a second site."""
    other = Site('sp-orig-')
    try:
        probes = '+ FPing\nbinary = %s\n' % binary_fping
        config = other.config(TARGETS, probes=probes)
        env = dict(os.environ)
        env.pop('SERVER_SOFTWARE', None)
        subprocess.run(['perl', '-e', 'use lib "/usr/share/perl5"; use Smokeping; '
                        'Smokeping::load_cfg($ARGV[0])', config], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        return {k: v for k, v in rrd_info(other.path('data', 'lo1.rrd')).items()
                if not VOLATILE.match(k)}
    finally:
        other.cleanup()


def main():
    binary = sys.argv[1]
    site = Site()
    daemon = None
    try:
        config = site.config(TARGETS)
        daemon = Daemon(binary, config, site.path('daemon.log'))
        daemon.wait_for(lambda: daemon.rounds() >= 3, 120, '3 rounds')
        pidfile = site.path('run', 'smokeping.pid')
        assert open(pidfile).read().strip() == str(daemon.proc.pid), 'pid file names the daemon'

        for i in (1, 2, 3):
            rrd = site.path('data', 'lo%d.rrd' % i)
            rows = [v for _, v in rrd_fetch(rrd, start='-120') if v['median'] is not None]
            assert len(rows) >= 2, 'at least two complete steps in %s: %s' % (rrd, rows)
            for v in rows:
                assert v['median'] < 0.005, 'median under 5 ms: %s' % v
                assert v['loss'] == 0, 'no loss: %s' % v

        ours = {k: v for k, v in rrd_info(site.path('data', 'lo1.rrd')).items()
                if not VOLATILE.match(k)}
        if os.path.exists('/usr/share/perl5/Smokeping.pm'):
            fping = '/usr/bin/fping' if os.path.exists('/usr/bin/fping') else site.path('fping')
            theirs = original_layout(site, fping)
            diff = sorted(set(ours.items()) ^ set(theirs.items()))
            assert not diff, 'rrdtool info differs from the original:\n%s' % '\n'.join(map(str, diff))
            print('layout matches the original (%d keys)' % len(ours))
        else:
            print('note: Debian smokeping not installed; layout checked by the unit tests only')

        # A second instance on the same config is refused while the first one lives.
        second = subprocess.run([binary, '--nodaemon', '--config=' + config],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        text = second.stdout.decode()
        assert second.returncode == 1 and 'Another copy of smokeping (%d)' % daemon.proc.pid in text, text

        # --reload finds the daemon through the pid file and makes it reread the config.
        reload = subprocess.run([binary, '--reload', '--config=' + config],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        assert reload.returncode == 0 and 'HUP signal sent' in reload.stdout.decode(), reload.stdout
        daemon.wait_for(lambda: 'config reloaded' in daemon.output(), 30, 'reload by --reload')

        status = daemon.stop()
        assert status == 0, 'SIGTERM ends with status 0, got %s' % status
        assert not os.path.exists(pidfile), 'pid file removed on exit'
        print('1 passed, 0 failed')
        return 0
    finally:
        if daemon:
            daemon.stop()
        site.cleanup()


if __name__ == '__main__':
    sys.exit(main())
