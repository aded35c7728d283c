#!/usr/bin/env python3
"""Privileges: without CAP_NET_RAW the master refuses to start and says what it needs; started
as root with --user it runs as that user with CAP_NET_RAW as its only capability and keeps
probing. Usage: master_privileges_test.py SMOKEPING_BINARY"""
import os
import pwd
import subprocess
import sys

from smokeping_env import Daemon, Site, rrd_fetch

CAP_NET_RAW = 13


def status_field(pid, name):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith(name + ':'):
                return line.split(':', 1)[1].split()
    raise AssertionError('no %s' % name)


def main():
    binary = sys.argv[1]
    if os.geteuid() != 0:
        print('SKIP: needs root to switch users')
        return 77
    nobody = pwd.getpwnam('nobody')
    site = Site()
    daemon = None
    try:
        os.chmod(site.root, 0o755)
        for d in ('data', 'run'):
            os.chown(site.path(d), nobody.pw_uid, nobody.pw_gid)
        config = site.config('+ lo1\nhost = 127.0.0.1\n', step=5, pings=3)
        os.chmod(config, 0o644)

        # An ordinary user has no raw socket: refused at start, with the reason.
        p = subprocess.run(['setpriv', '--reuid=%d' % nobody.pw_uid, '--regid=%d' % nobody.pw_gid,
                            '--clear-groups', binary, '--nodaemon', '--config=' + config],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        out = p.stdout.decode()
        assert p.returncode == 1, 'refused with status 1, got %d: %s' % (p.returncode, out)
        assert 'CAP_NET_RAW' in out and 'raw ICMP socket' in out, out
        print('ok: no CAP_NET_RAW -> %s' % out.strip())

        # Root with --user: runs as nobody with only CAP_NET_RAW, and the rounds land.
        daemon = Daemon(binary, config, site.path('daemon.log'), ['--user=nobody'])
        daemon.wait_for(lambda: daemon.rounds() >= 2, 60, '2 rounds as nobody')
        uids = status_field(daemon.proc.pid, 'Uid')
        assert all(int(u) == nobody.pw_uid for u in uids), 'all uids are nobody: %s' % uids
        cap_eff = int(status_field(daemon.proc.pid, 'CapEff')[0], 16)
        assert cap_eff == 1 << CAP_NET_RAW, 'only CAP_NET_RAW: %x' % cap_eff
        rows = [v for _, v in rrd_fetch(site.path('data', 'lo1.rrd'), start='-60')
                if v['median'] is not None]
        assert rows, 'RRD updated by the unprivileged daemon'
        assert daemon.stop() == 0
        print('ok: --user=nobody keeps only CAP_NET_RAW and probes')
        print('2 passed, 0 failed')
        return 0
    finally:
        if daemon:
            daemon.stop()
        site.cleanup()


if __name__ == '__main__':
    sys.exit(main())
