#!/usr/bin/env python3
"""Our probes side by side with the original's modules (Debian's smokeping 2.7.3 and the tools
it runs: dig, curl, ssh-keyscan) on the same servers on 127.0.0.1: the medians of the same
number of pings must be within 1 ms of each other. The original's module runs through
tests/support/original_pingone.pl.

Where the original's number holds more than the exchange, the two medians are printed but not
held to 1 ms: Curl over HTTPS (a fresh curl process pays 5-15 ms of TLS library start-up on its
first transfer; our process is warm), AnotherSSH connect/complete (sshd forks and re-executes
itself per connection: 15-45 ms that vary by more than 1 ms from one connection to the next)
and SSH (ssh-keyscan's process start and whole key exchange; we stop at KEXINIT).

As a ctest the 1 ms goal is reported, not asserted (timing on a loaded CI machine is no test
of correctness, see DEVELOPERS.md): the test fails only when a side measures nothing. With
SMOKEPING_STRICT_TIMING=1 (bench/probes_vs_original.sh) the 1 ms goal is asserted.

usage: probe_vs_original_test.py PROBE_RUN
Exits 77 when the original, nginx or sshd is missing, or when not root (port 53, sshd)."""
import os
import shutil
import subprocess
import sys
import tempfile

from probe_support import Checks, Process, TinyServer, free_port, run_probe, wait_port
from probe_http_test import start_nginx

HERE = os.path.dirname(os.path.abspath(__file__))
ORIGINAL = os.path.join(HERE, '..', 'support', 'original_pingone.pl')
PINGS = 20
TOLERANCE_MS = 1.0
STRICT_TIMING = os.environ.get('SMOKEPING_STRICT_TIMING') == '1'


def original_median(module, host, pings, sets):
    done = subprocess.run(['perl', ORIGINAL, module, host, str(pings)] + list(sets),
                          capture_output=True, text=True, timeout=300)
    times = sorted(float(line) for line in done.stdout.split())
    return times[len(times) // 2] if times else None, len(times)


def compare(c, runner, module, host, sets, required=True):
    theirs, replies = original_median(module, host, PINGS, sets)
    rnd = run_probe(runner, module, [host], PINGS, sets)
    ours = rnd.median()
    what = '%s %s: our median %s ms, the original\'s %s ms (%d replies)' % (
        module, ' '.join(s for s in sets if not s.startswith(('binary', 'port', 'lookup'))),
        ours, theirs, replies)
    if required:
        measured = theirs is not None and ours is not None
        within = measured and abs(ours - theirs) <= TOLERANCE_MS
        verdict = 'within' if within else 'NOT within'
        c.expect(within if STRICT_TIMING else measured,
                 what + ', %s %.1f ms' % (verdict, TOLERANCE_MS))
    else:
        c.expect(theirs is not None and ours is not None, what + ' (both measured; reported)')


def main():
    missing = [p for p in ('/usr/share/perl5/Smokeping/probes/basefork.pm', '/usr/bin/dig',
                           '/usr/bin/curl', '/usr/bin/ssh-keyscan', '/usr/sbin/sshd',
                           '/usr/sbin/nginx') if not os.path.exists(p)]
    if missing:
        print('skip: missing ' + ' '.join(missing))
        return 77
    if os.geteuid() != 0:
        print('skip: dig needs port 53 and sshd root')
        return 77
    runner = sys.argv[1]
    c = Checks()
    root = tempfile.mkdtemp(prefix='sp-probe-vs-')
    try:
        with TinyServer('dns', '--name', 'www.example.test=127.0.0.1', port=53,
                        address='127.0.0.153'):
            compare(c, runner, 'DNS', '127.0.0.153',
                    ['binary=/usr/bin/dig', 'lookup=www.example.test'])
            compare(c, runner, 'AnotherDNS', '127.0.0.153',
                    ['lookup=www.example.test', 'mininterval=0.05'])
        http, https = free_port(), free_port()
        with start_nginx(root, http, https):
            url = 'urlformat=http://%%host%%:%d/' % http
            compare(c, runner, 'Curl', '127.0.0.1', [url])
            compare(c, runner, 'AnotherCurl', '127.0.0.1', [url, 'write_out=time_connect'])
            compare(c, runner, 'Curl', '127.0.0.1',
                    ['urlformat=https://%%host%%:%d/' % https, 'insecure_ssl=1'], False)
        key = os.path.join(root, 'host_ed25519')
        subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', key], check=True)
        os.makedirs('/run/sshd', mode=0o755, exist_ok=True)
        port = free_port()
        config = os.path.join(root, 'sshd_config')
        with open(config, 'w') as f:
            f.write('ListenAddress 127.0.0.1\nPort %d\nHostKey %s\nPidFile %s/sshd.pid\n'
                    'UsePAM no\nAllowUsers nobody-at-all\n' % (port, key, root))
        with Process(['/usr/sbin/sshd', '-D', '-e', '-f', config], stderr=subprocess.DEVNULL):
            wait_port(port)
            for interval in ('connect', 'established', 'complete'):
                compare(c, runner, 'AnotherSSH', '127.0.0.1',
                        ['port=%d' % port, 'mininterval=0.05', 'interval=' + interval],
                        interval == 'established')
            compare(c, runner, 'SSH', '127.0.0.1',
                    ['binary=/usr/bin/ssh-keyscan', 'port=%d' % port, 'keytype=ed25519'], False)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return c.exit_code()


if __name__ == '__main__':
    sys.exit(main())
