#!/usr/bin/env python3
"""The fork-style probes inside our daemon: TCPPing and AnotherDNS targets against servers on
127.0.0.1 that the test starts. While the servers run, the RRDs get rows with loss 0 and a
median > 0; once they are stopped, the next rounds' rows have every ping lost and a U median.

usage: probe_daemon_test.py SMOKEPING"""
import re
import sys

from probe_support import Checks, TinyServer
from smokeping_env import Daemon, Site, rrd_fetch

PINGS = 3
STEP = 10


def last_row(path):
    rows = [v for _, v in rrd_fetch(path, start='-600') if v['loss'] is not None]
    return rows[-1] if rows else None


def main():
    binary = sys.argv[1]
    c = Checks()
    site = Site(prefix='sp-probe-daemon-')
    daemon = None
    try:
        with TinyServer('silent') as tcp, TinyServer(
                'dns', '--name', 'www.example.test=127.0.0.1') as dns:
            probes = ('+ FPing\nbinary = {f}\n+ TCPPing\nbinary = {f}\nforks = 2\n'
                      '+ AnotherDNS\nforks = 2\n').format(f=site.path('fping'))
            targets = '''+ tcp
probe = TCPPing
host = 127.0.0.1
port = {tcp}
+ dns
probe = AnotherDNS
host = 127.0.0.1
port = {dns}
lookup = www.example.test
mininterval = 0.05
timeout = 1
'''.format(tcp=tcp.port, dns=dns.port)
            config = site.config(targets, step=STEP, pings=PINGS, probes=probes)
            daemon = Daemon(binary, config, site.path('daemon.log'))
            rounds = lambda probe: len(re.findall(r'round finished probe=%s ' % probe,
                                                  daemon.output()))
            daemon.wait_for(lambda: rounds('TCPPing') >= 2 and rounds('AnotherDNS') >= 2, 120,
                            '2 rounds of each probe')
            for name in ('tcp', 'dns'):
                row = last_row(site.path('data', name + '.rrd'))
                c.expect(row is not None and row['loss'] == 0 and row['median'] > 0,
                         '%s: a row with loss 0 and a median > 0 (%s)' % (name, row))
            seen = {p: rounds(p) for p in ('TCPPing', 'AnotherDNS')}
        # Both servers are gone: the next rounds lose every ping.
        daemon.wait_for(lambda: all(rounds(p) >= seen[p] + 2 for p in seen), 120,
                        '2 more rounds after the servers stopped')
        for name in ('tcp', 'dns'):
            row = last_row(site.path('data', name + '.rrd'))
            c.expect(row is not None and row['loss'] == PINGS and row['median'] is None,
                     '%s: after the server stopped, loss %d and median U (%s)' %
                     (name, PINGS, row))
        log = daemon.output()
        c.expect('TCP ping target=tcp' in log and 'Connection refused' in log,
                 'the log names the refused TCPPing target')
        c.expect('DNS query target=dns' in log, 'the log names the failing AnotherDNS target')
    finally:
        if daemon:
            daemon.stop()
        site.cleanup()
    return c.exit_code()


if __name__ == '__main__':
    sys.exit(main())
