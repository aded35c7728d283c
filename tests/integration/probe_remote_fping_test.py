#!/usr/bin/env python3
"""RemoteFPing, which stays external: fping run through ssh on a "remote" host that is a
test-owned sshd on 127.0.0.1 (its own host key, a client key of its own, no system files
touched). The probe's `binary` is a wrapper that hands ssh the test's key and known-hosts
options. Replies while sshd runs, all lost and a log line once it is stopped.

usage: probe_remote_fping_test.py PROBE_RUN
Exits 77 when sshd, ssh or fping is missing, or when not root (sshd, raw ICMP for fping)."""
import os
import shutil
import subprocess
import sys
import tempfile

from probe_support import Checks, Process, free_port, run_probe, wait_port

PINGS = 3


def main():
    need = ['/usr/sbin/sshd', '/usr/bin/ssh', '/usr/bin/ssh-keygen', '/usr/bin/fping']
    missing = [p for p in need if not os.path.exists(p)]
    if missing:
        print('skip: missing ' + ' '.join(missing))
        return 77
    if os.geteuid() != 0:
        print('skip: needs root (sshd, fping)')
        return 77
    os.makedirs('/run/sshd', mode=0o755, exist_ok=True)  # sshd's privilege separation dir
    runner = sys.argv[1]
    c = Checks()
    root = tempfile.mkdtemp(prefix='sp-probe-rfping-')
    os.chmod(root, 0o755)
    port = free_port()
    try:
        host_key = os.path.join(root, 'host_ed25519')
        client_key = os.path.join(root, 'client_ed25519')
        for key in (host_key, client_key):
            subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', key],
                           check=True)
        shutil.copy(client_key + '.pub', os.path.join(root, 'authorized_keys'))
        config = os.path.join(root, 'sshd_config')
        with open(config, 'w') as f:
            f.write('ListenAddress 127.0.0.1\nPort %d\nHostKey %s\nPidFile %s/sshd.pid\n'
                    'UsePAM no\nPasswordAuthentication no\nPermitRootLogin prohibit-password\n'
                    'AuthorizedKeysFile %s/authorized_keys\nStrictModes no\n'
                    % (port, host_key, root, root))
        wrapper = os.path.join(root, 'ssh')
        with open(wrapper, 'w') as f:
            f.write('#!/bin/sh\nexec /usr/bin/ssh -i %s -o BatchMode=yes -o '
                    'StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o '
                    'LogLevel=ERROR "$@"\n' % client_key)
        os.chmod(wrapper, 0o755)
        sets = ['binary=' + wrapper, 'rhost=127.0.0.1', 'rport=%d' % port,
                'rbinary=/usr/bin/fping', 'hostinterval=0.1']
        with Process(['/usr/sbin/sshd', '-D', '-e', '-f', config], stderr=subprocess.DEVNULL):
            wait_port(port)
            rnd = run_probe(runner, 'RemoteFPing', ['127.0.0.1', '127.0.0.2'], PINGS, sets)
            c.answered('RemoteFPing first host', rnd, PINGS, 0)
            c.answered('RemoteFPing second host', rnd, PINGS, 1)
        rnd = run_probe(runner, 'RemoteFPing', ['127.0.0.1'], PINGS, sets)
        c.all_lost('RemoteFPing sshd stopped', rnd, PINGS,
                   ['remote fping gave no results', 'Connection refused'])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return c.exit_code()


if __name__ == '__main__':
    sys.exit(main())
