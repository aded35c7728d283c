#!/usr/bin/env python3
"""SSH and AnotherSSH against Debian's sshd on 127.0.0.1, run by the test on a free port with a
host key of its own (no login is ever attempted: the probes stop at the key exchange).

usage: probe_ssh_test.py PROBE_RUN
Exits 77 when sshd is missing, or when it cannot run here (not root: sshd's privilege
separation directory)."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from probe_support import Checks, Process, TinyServer, free_port, run_probe, wait_port

PINGS = 3
SSHD = '/usr/sbin/sshd'


def main():
    if not os.path.exists(SSHD) or not shutil.which('ssh-keygen'):
        print('skip: sshd or ssh-keygen missing')
        return 77
    if os.geteuid() != 0:
        print('skip: sshd needs root here')
        return 77
    os.makedirs('/run/sshd', mode=0o755, exist_ok=True)  # sshd's privilege separation dir
    runner = sys.argv[1]
    c = Checks()
    root = tempfile.mkdtemp(prefix='sp-probe-ssh-')
    port = free_port()
    try:
        key = os.path.join(root, 'host_ed25519')
        subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', key], check=True)
        config = os.path.join(root, 'sshd_config')
        with open(config, 'w') as f:
            f.write('ListenAddress 127.0.0.1\nPort %d\nHostKey %s\nPidFile %s/sshd.pid\n'
                    'PasswordAuthentication no\nKbdInteractiveAuthentication no\n'
                    'UsePAM no\nAllowUsers nobody-at-all\n' % (port, key, root))
        with Process([SSHD, '-D', '-e', '-f', config], stderr=subprocess.DEVNULL):
            wait_port(port)
            sets = ['binary=/usr/bin/ssh-keyscan', 'port=%d' % port]
            c.answered('SSH', run_probe(runner, 'SSH', ['127.0.0.1'], PINGS, sets), PINGS)
            for interval in ('connect', 'established', 'complete'):
                c.answered('AnotherSSH %s' % interval, run_probe(
                    runner, 'AnotherSSH', ['127.0.0.1'], PINGS,
                    ['port=%d' % port, 'mininterval=0.05', 'interval=' + interval]), PINGS)
        rnd = run_probe(runner, 'SSH', ['127.0.0.1'], PINGS, sets)
        c.all_lost('SSH server stopped', rnd, PINGS, ['Connection refused'])
        rnd = run_probe(runner, 'AnotherSSH', ['127.0.0.1'], PINGS,
                        ['port=%d' % port, 'mininterval=0.05'])
        c.all_lost('AnotherSSH server stopped', rnd, PINGS, ['Connection refused'])
        with TinyServer('silent') as silent:
            start = time.monotonic()
            rnd = run_probe(runner, 'AnotherSSH', ['127.0.0.1'], 2,
                            ['port=%d' % silent.port, 'mininterval=0.05', 'timeout=1'])
            took = time.monotonic() - start
            c.all_lost('AnotherSSH silent server', rnd, 2, ['timed out'])
            c.expect(1.9 < took < 5, 'AnotherSSH silent server: 2 tries of 1 s took %.2f s' %
                     took)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return c.exit_code()


if __name__ == '__main__':
    sys.exit(main())
