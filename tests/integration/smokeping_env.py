"""Shared pieces of the integration tests: a temporary SmokePing installation (dirs, files,
config) and a daemon started and stopped by pid."""
import os
import shutil
import signal
import subprocess
import tempfile
import time


class Site:
    """A temp dir laid out like /etc + /var for one smokeping config."""

    def __init__(self, prefix='sp-it-'):
        self.root = tempfile.mkdtemp(prefix=prefix)
        for d in ('data', 'cache', 'run'):
            os.makedirs(self.path(d))
        self.write('smokemail', 'mail\n')
        self.write('basepage.html', '<html><body><##body##></body></html>\n')
        self.write('fping', '#!/bin/sh\nexit 0\n', 0o755)

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def write(self, name, text, mode=0o644):
        p = self.path(name)
        with open(p, 'w') as f:
            f.write(text)
        os.chmod(p, mode)
        return p

    def config(self, targets, step=10, pings=5, probes=None, extra_general=''):
        probes = probes or '+ FPing\nbinary = %s\n' % self.path('fping')
        text = '''*** General ***
owner = Test
contact = test@localhost
imgcache = {r}/cache
imgurl = cache
datadir = {r}/data
piddir = {r}/run
smokemail = {r}/smokemail
cgiurl = http://127.0.0.1/smokeping.cgi
offset = 0%
{extra}
*** Database ***
step = {step}
pings = {pings}
AVERAGE 0.5 1 1008
AVERAGE 0.5 12 4320
MIN 0.5 12 4320
MAX 0.5 12 4320
AVERAGE 0.5 144 720
MAX 0.5 144 720
MIN 0.5 144 720

*** Presentation ***
template = {r}/basepage.html
+ overview
width = 600
height = 50
+ detail
width = 600
height = 200
"Last 3 Hours" 3h

*** Probes ***
{probes}
*** Targets ***
probe = FPing
menu = Top
title = Test
{targets}'''.format(r=self.root, step=step, pings=pings, probes=probes, targets=targets,
                     extra=extra_general)
        return self.write('config', text)

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


class Daemon:
    """`smokeping --nodaemon`, its stderr collected in a file, stopped by pid."""

    def __init__(self, binary, config, log_path, extra=()):
        self.log_path = log_path
        self.log = open(log_path, 'w')
        self.proc = subprocess.Popen([binary, '--nodaemon', '--config=' + config, *extra],
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def output(self):
        with open(self.log_path) as f:
            return f.read()

    def wait_for(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            if self.proc.poll() is not None:
                raise AssertionError('daemon exited (%s) while waiting for %s:\n%s'
                                     % (self.proc.returncode, what, self.output()))
            time.sleep(0.2)  # polling a condition with a deadline, not timing a race
        raise AssertionError('timed out after %ss waiting for %s:\n%s' % (timeout, what, self.output()))

    def rounds(self):
        return self.output().count('round finished')

    def signal(self, sig):
        os.kill(self.proc.pid, sig)

    def stop(self, timeout=60):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


def rrd_info(path):
    out = subprocess.run(['rrdtool', 'info', path], check=True, stdout=subprocess.PIPE).stdout
    info = {}
    for line in out.decode().splitlines():
        key, _, value = line.partition(' = ')
        info[key] = value
    return info


def rrd_fetch(path, cf='AVERAGE', start='-300'):
    """Rows of (time, {ds: value or None})."""
    out = subprocess.run(['rrdtool', 'fetch', path, cf, '--start', start], check=True,
                         stdout=subprocess.PIPE).stdout.decode().splitlines()
    names = out[0].split()
    rows = []
    for line in out[2:]:
        t, _, values = line.partition(':')
        vals = [None if v.strip().lower() in ('nan', '-nan') else float(v) for v in values.split()]
        rows.append((int(t), dict(zip(names, vals))))
    return rows
