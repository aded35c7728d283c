#!/usr/bin/env python3
"""packaging/logrotate/smokeping with a real logrotate over a running master started with
--logfile: the rotated file keeps the old lines, and after the snippet's postrotate
(SIGUSR1) the master writes into a fresh file under the old name.

    logrotate_test.py SMOKEPING
Exit 0 pass, 1 fail, 77 skip (no logrotate, or no ICMP for the master)."""
import os
import shutil
import subprocess
import sys
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


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    smokeping = os.path.abspath(sys.argv[1])
    if not os.access(LOGROTATE, os.X_OK):
        print('SKIP: logrotate is not installed')
        return ex.SKIP
    site = ex.ExampleSite(smokeping, cgi=None)
    master = None
    try:
        if not site.make_rrds():
            print('SKIP: the master cannot probe 127.0.0.1 here')
            return ex.SKIP
        log = site.path('logs', 'smokeping.log')
        pidfile = site.path('run', 'smokeping.pid')
        snippet = ex.render(os.path.join(ex.ROOT, 'packaging', 'logrotate', 'smokeping'), [
            ('/var/log/smokeping/*.log', site.path('logs', '*.log')),
            ('/run/smokeping/smokeping.pid', pidfile),
            ('    su smokeping adm\n', ''),
            ('create 0640 smokeping adm', 'create 0640')])
        conf = site.write('logrotate.conf', snippet)
        master = subprocess.Popen([smokeping, '--nodaemon', '--logfile=' + log,
                                   '--config=' + site.config],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_for(lambda: 'smokeping started' in read(log) and
                        read(pidfile).strip() == str(master.pid), 30):
            print('FAIL: the master did not start:\n' + read(log))
            return 1
        run = subprocess.run([LOGROTATE, '-f', '-s', site.path('logrotate.state'), conf],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if run.returncode != 0:
            print('FAIL: logrotate exited %d:\n%s' % (run.returncode, run.stdout.decode()))
            return 1
        rotated = site.path('logs', 'smokeping.log.1')
        if 'smokeping started' not in read(rotated):
            print('FAIL: %s lacks the lines written before rotation' % rotated)
            return 1
        if not wait_for(lambda: 'log file reopened' in read(log), 30):
            print('FAIL: no fresh %s after the postrotate SIGUSR1; rotated file:\n%s'
                  % (log, read(rotated)))
            return 1
        if 'smokeping started' in read(log):
            print('FAIL: the fresh log holds lines from before the rotation')
            return 1
        print('logrotate: rotated, master reopened its log on SIGUSR1: OK')
        return 0
    finally:
        if master is not None and master.poll() is None:
            master.terminate()
            master.wait(timeout=60)
        site.cleanup()


if __name__ == '__main__':
    sys.exit(main())
