#!/usr/bin/env python3
"""packaging/logrotate/smokeping with a real logrotate over a running *slave* started with
--logfile: the rotated file keeps the old lines, and after the snippet's postrotate (SIGUSR1
to the pid in the slave's pid file) the slave writes into a fresh file under the old name.
SIGHUP reopens the file too. The slave needs no master for this: it keeps asking one that
does not listen (a free 127.0.0.1 port) and logs each attempt.

    slave_logrotate_test.py SMOKEPING
Exit 0 pass, 1 fail, 77 skip (no logrotate)."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import example_site as ex

LOGROTATE = shutil.which('logrotate') or '/usr/sbin/logrotate'


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)  # polling a file, bounded by the deadline
    return False


def read(path):
    try:
        with open(path, errors='replace') as f:
            return f.read()
    except FileNotFoundError:
        return ''


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    smokeping = os.path.abspath(sys.argv[1])
    if not os.access(LOGROTATE, os.X_OK):
        print('SKIP: logrotate is not installed')
        return ex.SKIP
    root = tempfile.mkdtemp(prefix='sp-slave-logrotate-')
    slave = None
    try:
        for d in ('logs', 'cache'):
            os.makedirs(os.path.join(root, d))
        secret = os.path.join(root, 'secret')
        with open(secret, 'w') as f:
            f.write('s3cret\n')
        os.chmod(secret, 0o600)
        log = os.path.join(root, 'logs', 'smokeping.log')
        pidfile = os.path.join(root, 'cache', 'smokeping.pid')
        snippet = ex.render(os.path.join(ex.ROOT, 'packaging', 'logrotate', 'smokeping'), [
            ('/var/log/smokeping/*.log', os.path.join(root, 'logs', '*.log')),
            ('/run/smokeping/smokeping.pid', pidfile),
            ('    su smokeping adm\n', ''),
            ('create 0640 smokeping adm', 'create 0640')])
        conf = os.path.join(root, 'logrotate.conf')
        with open(conf, 'w') as f:
            f.write(snippet)
        url = 'http://127.0.0.1:%d/smokeping.cgi' % free_port()
        slave = subprocess.Popen([smokeping, '--nodaemon', '--logfile=' + log,
                                  '--master-url=' + url, '--cache-dir=' + os.path.join(root, 'cache'),
                                  '--shared-secret=' + secret, '--slave-name=slave1'],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_for(lambda: 'smokeping slave started' in read(log) and
                        read(pidfile).strip() == str(slave.pid), 30):
            print('FAIL: the slave did not start:\n' + read(log))
            return 1
        run = subprocess.run([LOGROTATE, '-f', '-s', os.path.join(root, 'logrotate.state'), conf],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if run.returncode != 0:
            print('FAIL: logrotate exited %d:\n%s' % (run.returncode, run.stdout.decode()))
            return 1
        rotated = log + '.1'
        if 'smokeping slave started' not in read(rotated):
            print('FAIL: %s lacks the lines written before rotation' % rotated)
            return 1
        if not wait_for(lambda: 'log file reopened' in read(log), 30):
            print('FAIL: no fresh %s after the postrotate SIGUSR1; rotated file:\n%s'
                  % (log, read(rotated)))
            return 1
        if 'smokeping slave started' in read(log):
            print('FAIL: the fresh log holds lines from before the rotation')
            return 1
        # SIGHUP: the slave reopens the file as well, and asks the master again at once (whose
        # failure it logs).
        os.rename(log, log + '.2')
        slave.send_signal(signal.SIGHUP)
        if not wait_for(lambda: 'no config from the master yet' in read(log), 30):
            print('FAIL: no fresh %s after SIGHUP; moved file:\n%s' % (log, read(log + '.2')))
            return 1
        if slave.poll() is not None:
            print('FAIL: the slave exited (%s) after the signals' % slave.returncode)
            return 1
        slave.terminate()
        status = slave.wait(timeout=60)
        if status != 0:
            print('FAIL: the slave exited %d on SIGTERM:\n%s' % (status, read(log)))
            return 1
        print('logrotate: rotated, slave reopened its log on SIGUSR1 and on SIGHUP: OK')
        return 0
    finally:
        if slave is not None and slave.poll() is None:
            slave.kill()
            slave.wait()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
