#!/usr/bin/env python3
"""Bad input to a running master, each logged clearly while the other targets go on:
an unresolvable host, an IPv6 target where IPv6 is off, an RRD made for another number of
pings, and a read-only datadir. The daemon runs in a network namespace this test creates,
with its own resolv.conf pointing at 127.0.0.1 (where no resolver listens), so no query
leaves the machine. Usage: master_bad_input_test.py SMOKEPING_BINARY"""
import os
import shutil
import subprocess
import sys

from smokeping_env import Daemon, Site, rrd_fetch


def sh(*args, check=True):
    return subprocess.run(args, check=check, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


class Netns:
    def __init__(self, name):
        self.name = name
        self.etc = '/etc/netns/' + name
        created = sh('ip', 'netns', 'add', name, check=False)
        if created.returncode != 0:
            print('SKIP: cannot create a network namespace: %s' % created.stdout.decode().strip())
            sys.exit(77)
        sh('ip', '-n', name, 'link', 'set', 'lo', 'up')
        # liboping resolves even numeric addresses with AI_ADDRCONFIG, which wants one
        # non-loopback address, as every real host has: a veth pair inside the namespace
        # gives it one (the kernel here has no dummy interfaces).
        sh('ip', '-n', name, 'link', 'add', 'sp0', 'type', 'veth', 'peer', 'name', 'sp1')
        sh('ip', '-n', name, 'addr', 'add', '10.211.9.1/32', 'dev', 'sp0')
        sh('ip', '-n', name, 'link', 'set', 'sp0', 'up')
        sh('ip', '-n', name, 'link', 'set', 'sp1', 'up')
        os.makedirs(self.etc, exist_ok=True)
        with open(self.etc + '/resolv.conf', 'w') as f:
            f.write('nameserver 127.0.0.1\noptions timeout:1 attempts:1\n')

    def prefix(self):
        return ['ip', 'netns', 'exec', self.name]

    def close(self):
        sh('ip', 'netns', 'del', self.name, check=False)
        shutil.rmtree(self.etc, ignore_errors=True)


def good_rows(rrd):
    return [v for _, v in rrd_fetch(rrd, start='-120') if v['median'] is not None]


def netns_daemon(ns, binary, config, log, extra_prefix=()):
    """The daemon runs as `ip netns exec NS [unshare ...] smokeping`: exec all the way down,
    so the pid we hold is the daemon's."""
    d = Daemon.__new__(Daemon)
    d.log_path = log
    d.log = open(log, 'w')
    d.proc = subprocess.Popen([*ns.prefix(), *extra_prefix, binary, '--nodaemon',
                               '--config=' + config], stdout=d.log, stderr=subprocess.STDOUT)
    return d


def scenario_targets(binary, ns):
    site = Site()
    daemon = None
    try:
        probes = ('+ FPing\nbinary = {f}\n+ FPing6\nbinary = {f}\n').format(f=site.path('fping'))
        targets = ('+ good\nhost = 127.0.0.1\n'
                   '+ noname\nhost = no-such-host.example\n'
                   '+ v6\nprobe = FPing6\nhost = ::1\n'
                   '+ other\nhost = 127.0.0.2\n')
        config = site.config(targets, step=5, pings=3, probes=probes)
        # An RRD made for 5 pings where the config now says 3.
        wrong = site.config(targets, step=5, pings=5, probes=probes)
        subprocess.run([binary, '--debug', '--filter=/other', '--config=' + wrong], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        site.config(targets, step=5, pings=3, probes=probes)
        sh(*ns.prefix(), 'sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1')
        sh(*ns.prefix(), 'sysctl', '-q', '-w', 'net.ipv6.conf.lo.disable_ipv6=1')
        daemon = netns_daemon(ns, binary, config, site.path('daemon.log'))
        daemon.wait_for(lambda: daemon.output().count('round finished probe=FPing ') >= 3, 90,
                        '3 FPing rounds')
        log = daemon.output()
        assert 'host=no-such-host.example' in log, 'unresolvable host logged:\n' + log
        assert 'Different number of data sources' in log and 'other.rrd' in log, \
            'the RRD made for other pings is named in the log:\n' + log
        assert len(good_rows(site.path('data', 'good.rrd'))) >= 2, 'good target still updated'
        noname = rrd_fetch(site.path('data', 'noname.rrd'), start='-60')
        assert any(v['loss'] == 3 for _, v in noname), 'the unresolvable host has full loss'
        v6 = rrd_fetch(site.path('data', 'v6.rrd'), start='-60')
        assert all(v['median'] is None for _, v in v6), 'no IPv6 answers where IPv6 is off'
        assert daemon.stop() == 0
        print('ok: unresolvable host, IPv6 without IPv6, RRD with other pings')
    finally:
        if daemon:
            daemon.stop()
        site.cleanup()


def scenario_readonly(binary, ns):
    site = Site()
    daemon = None
    try:
        config = site.config('+ good\nhost = 127.0.0.1\n', step=5, pings=3)
        subprocess.run([binary, '--debug', '--config=' + config], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        data = site.path('data')
        # Root ignores file modes, so the datadir is made read-only with a read-only bind mount
        # in a mount namespace of the daemon's own.
        remount = ['unshare', '--mount', '--propagation', 'private', 'sh', '-c',
                   'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"',
                   data]
        daemon = netns_daemon(ns, binary, config, site.path('daemon.log'), remount)
        daemon.wait_for(lambda: daemon.rounds() >= 2, 60, '2 rounds on a read-only datadir')
        log = daemon.output()
        assert 'rrd update failed' in log and 'good.rrd' in log, 'failed update logged:\n' + log
        assert daemon.proc.poll() is None, 'daemon keeps running'
        assert daemon.stop() == 0
        print('ok: read-only datadir')
    finally:
        if daemon:
            daemon.stop()
        site.cleanup()


def main():
    binary = sys.argv[1]
    ns = Netns('spt-bad-%d' % os.getpid())
    try:
        scenario_targets(binary, ns)
        scenario_readonly(binary, ns)
    finally:
        ns.close()
    print('2 passed, 0 failed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
