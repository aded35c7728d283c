#!/usr/bin/env python3
"""DNS, AnotherDNS and EchoPingDNS against a DNS responder on 127.0.0.1 started by the test.

usage: probe_dns_test.py PROBE_RUN

AnotherDNS asks the responder on its high port. DNS (dig) and EchoPingDNS always ask port 53:
as root, a second responder listens on 127.0.0.153:53 for them (skipped otherwise). Names are
only ever resolved by the test's own responders."""
import os
import sys

from probe_support import Checks, TinyServer, run_probe, free_port

PINGS = 3
ADDRESS_53 = '127.0.0.153'


def port53_checks(runner, c):
    if os.geteuid() != 0:
        print('skip DNS and EchoPingDNS on port 53: not root')
        return
    try:
        server = TinyServer('dns', '--name', 'www.example.test=127.0.0.1', port=53,
                            address=ADDRESS_53)
    except RuntimeError:
        print('skip DNS and EchoPingDNS on port 53: %s:53 is taken' % ADDRESS_53)
        return
    with server:
        rnd = run_probe(runner, 'DNS', [ADDRESS_53], PINGS,
                        ['binary=/usr/bin/dig', 'lookup=www.example.test'])
        c.answered('DNS (dig) on port 53', rnd, PINGS)
        rnd = run_probe(runner, 'EchoPingDNS', [ADDRESS_53], PINGS,
                        ['dns_request=www.example.test', 'waittime=0.05', 'timeout=2'])
        c.answered('EchoPingDNS udp', rnd, PINGS)
        rnd = run_probe(runner, 'EchoPingDNS', [ADDRESS_53], PINGS,
                        ['dns_request=www.example.test', 'waittime=0.05', 'dns_tcp=yes'])
        c.answered('EchoPingDNS tcp', rnd, PINGS)
        # dig reports NXDOMAIN with a query time, and the original counted it.
        rnd = run_probe(runner, 'DNS', [ADDRESS_53], PINGS,
                        ['binary=/usr/bin/dig', 'lookup=nonexistent.example.test'])
        c.answered('DNS (dig) counts an NXDOMAIN answer', rnd, PINGS)
        c.expect('answer is NXDOMAIN' in rnd.log, 'DNS (dig) logs the NXDOMAIN answer')
    rnd = run_probe(runner, 'DNS', [ADDRESS_53], 1, ['binary=/usr/bin/dig', 'timeout=1'])
    c.all_lost('DNS (dig) server stopped', rnd, 1, ['last_error='])


def main():
    runner = sys.argv[1]
    c = Checks()
    with TinyServer('dns', '--name', 'www.example.test=127.0.0.1',
                    '--name', 'ns.example.test=127.0.0.1') as dns:
        resolver = '127.0.0.1:%d' % dns.port
        base = ['port=%d' % dns.port, 'mininterval=0.05', 'timeout=2']
        rnd = run_probe(runner, 'AnotherDNS', ['127.0.0.1'], PINGS,
                        base + ['lookup=www.example.test', 'require_noerror=1',
                                'require_answers=1', 'expect_text=127.0.0.1'])
        c.answered('AnotherDNS udp', rnd, PINGS)
        rnd = run_probe(runner, 'AnotherDNS', ['127.0.0.1'], PINGS,
                        base + ['lookup=www.example.test', 'protocol=tcp'])
        c.answered('AnotherDNS tcp', rnd, PINGS)
        # The target host is a name, resolved by our responder.
        rnd = run_probe(runner, 'AnotherDNS', ['ns.example.test'], PINGS,
                        base + ['lookup=www.example.test', 'authoritative=1'], resolver=resolver)
        c.answered('AnotherDNS host by name', rnd, PINGS)
        port53_checks(runner, c)

        # Bad input: a name that does not exist.
        rnd = run_probe(runner, 'AnotherDNS', ['127.0.0.1'], PINGS,
                        base + ['lookup=nonexistent.example.test', 'require_noerror=1'])
        c.all_lost('AnotherDNS NXDOMAIN with require_noerror', rnd, PINGS,
                   ['NXDOMAIN', 'lookup=nonexistent.example.test'])
        rnd = run_probe(runner, 'AnotherDNS', ['127.0.0.1'], PINGS,
                        base + ['lookup=nonexistent.example.test', 'require_nxdomain=1'])
        c.answered('AnotherDNS require_nxdomain', rnd, PINGS)
        rnd = run_probe(runner, 'DNS', ['127.0.0.1'], PINGS,
                        ['binary=/usr/bin/dig', 'server=nosuchserver.example.test'],
                        resolver=resolver)
        c.all_lost('DNS server name does not resolve', rnd, PINGS,
                   ['host does not resolve', 'nosuchserver.example.test', 'NXDOMAIN'])
        rnd = run_probe(runner, 'AnotherDNS', ['nosuchhost.example.test'], PINGS, base,
                        resolver=resolver)
        c.all_lost('AnotherDNS host does not resolve', rnd, PINGS,
                   ['host does not resolve', 'nosuchhost.example.test'])
        rnd = run_probe(runner, 'AnotherDNS', ['127.0.0.1'], PINGS,
                        base + ['lookup=www.example.test', 'recordtype=NOSUCHTYPE'])
        c.all_lost('AnotherDNS unknown record type', rnd, PINGS, ['unknown record type'])
        port = dns.port

    # The server stopped: every query is lost.
    rnd = run_probe(runner, 'AnotherDNS', ['127.0.0.1'], PINGS,
                    ['port=%d' % port, 'mininterval=0.05', 'timeout=1',
                     'lookup=www.example.test'])
    c.all_lost('AnotherDNS server stopped (udp)', rnd, PINGS, ['last_error='])
    rnd = run_probe(runner, 'AnotherDNS', ['127.0.0.1'], PINGS,
                    ['port=%d' % free_port(), 'mininterval=0.05', 'timeout=1',
                     'protocol=tcp', 'lookup=www.example.test'])
    c.all_lost('AnotherDNS refused port (tcp)', rnd, PINGS, ['Connection refused'])
    return c.exit_code()


if __name__ == '__main__':
    sys.exit(main())
