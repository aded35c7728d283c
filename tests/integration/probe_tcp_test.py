#!/usr/bin/env python3
"""TCPPing and the stream EchoPing modules (EchoPing, EchoPingDiscard, EchoPingChargen,
EchoPingSmtp, EchoPingWhois) against tiny servers on 127.0.0.1 started by the test: replies
while the server runs, all lost once it is stopped (refused port), and a server that accepts
and never answers costs each try no more than its timeout.

usage: probe_tcp_test.py PROBE_RUN"""
import sys
import time

from probe_support import Checks, TinyServer, run_probe

PINGS = 3
# The EchoPing modules talk to fixed ports (7, 9, 19, 25, 43); their tests need the server
# there, so they run on an address of their own, as root only.
FAST = ['waittime=0.05', 'timeout=2']


def fixed_port_checks(runner, c):
    import os
    if os.geteuid() != 0:
        print('skip the EchoPing modules on their well-known ports: not root')
        return
    address = '127.0.0.154'
    cases = [('EchoPing', 'echo', 7, ['size=100', 'fill=x']),
             ('EchoPing', 'echo', 7, ['udp=no']),
             ('EchoPingDiscard', 'discard', 9, []),
             ('EchoPingChargen', 'chargen', 19, ['size=1000']),
             ('EchoPingSmtp', 'smtp', 25, []),
             ('EchoPingWhois', 'whois', 43, ['whois_request=example.test'])]
    for module, mode, port, sets in cases:
        try:
            server = TinyServer(mode, port=port, address=address)
        except RuntimeError:
            print('skip %s: %s:%d is taken' % (module, address, port))
            continue
        with server:
            rnd = run_probe(runner, module, [address], PINGS, FAST + sets)
            c.answered('%s %s' % (module, ' '.join(sets)), rnd, PINGS)
        rnd = run_probe(runner, module, [address], PINGS, FAST + sets)
        c.all_lost('%s server stopped' % module, rnd, PINGS, ['Connection refused'])
    # A server that accepts and never answers: each try ends at its timeout.
    with TinyServer('silent', port=25, address=address):
        start = time.monotonic()
        rnd = run_probe(runner, 'EchoPingSmtp', [address], 2, ['waittime=0.05', 'timeout=1'])
        took = time.monotonic() - start
        c.all_lost('EchoPingSmtp silent server', rnd, 2, ['timed out'])
        c.expect(1.9 < took < 5, 'EchoPingSmtp silent server: 2 tries of 1 s took %.2f s' % took)


def main():
    runner = sys.argv[1]
    c = Checks()
    tcpping = ['binary=/usr/bin/tcpping']
    with TinyServer('silent') as server:
        port = server.port
        rnd = run_probe(runner, 'TCPPing', ['127.0.0.1'], PINGS, tcpping + ['port=%d' % port])
        c.answered('TCPPing', rnd, PINGS)
        # Two targets, one of them refused: each gets its own result.
        rnd = run_probe(runner, 'TCPPing', ['127.0.0.1', '127.0.0.2'], PINGS,
                        tcpping + ['port=%d' % port])
        c.answered('TCPPing first of two targets', rnd, PINGS, 0)
        c.all_lost('TCPPing second of two targets, nothing listens', rnd, PINGS,
                   ['address=127.0.0.2'], 1)
    rnd = run_probe(runner, 'TCPPing', ['127.0.0.1'], PINGS, tcpping + ['port=%d' % port])
    c.all_lost('TCPPing server stopped', rnd, PINGS, ['Connection refused', 'port=%d' % port])
    rnd = run_probe(runner, 'TCPPing', ['127.0.0.1'], PINGS, tcpping + ['port=70000'])
    c.all_lost('TCPPing port out of range', rnd, PINGS, ["port '70000' is not from 1 to 65535"])
    fixed_port_checks(runner, c)
    return c.exit_code()


if __name__ == '__main__':
    sys.exit(main())
