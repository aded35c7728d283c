"""Shared by the probe integration tests: servers on 127.0.0.1 started and stopped by pid, and
one round of a probe run through tests/support/probe_run."""
import os
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SERVERS = os.path.join(HERE, '..', 'support', 'probe_servers.py')


class Process:
    """A child process stopped by pid when the test ends (use as a context manager)."""

    def __init__(self, argv, **kwargs):
        self.proc = subprocess.Popen(argv, **kwargs)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class TinyServer(Process):
    """One mode of tests/support/probe_servers.py; .port once it listens."""

    def __init__(self, mode, *args, port=0, address='127.0.0.1'):
        super().__init__([sys.executable, SERVERS, mode, '--address', address, '--port',
                          str(port)] + list(args), stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError('%s server did not start' % mode)
        self.port = int(line)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_port(port, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        with socket.socket() as s:
            if s.connect_ex(('127.0.0.1', port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError('nothing listens on port %d' % port)


class Round:
    """What probe_run printed for one round: per target, the rtts (ms) and the lost count."""

    def __init__(self, stdout, stderr):
        self.targets = []
        rtts = []
        for line in stdout.splitlines():
            word, value = line.split()
            if word == 'rtt':
                rtts.append(float(value))
            elif word == 'lost':
                self.targets.append((sorted(rtts), int(value)))
                rtts = []
        self.log = stderr

    def median(self, i=0):
        rtts = self.targets[i][0]
        return rtts[len(rtts) // 2] if rtts else None


def run_probe(runner, module, hosts, pings=3, sets=(), resolver=None, timeout=120):
    argv = [runner, '--probe', module, '--pings', str(pings)]
    for s in sets:
        argv += ['--set', s]
    if resolver:
        argv += ['--resolver', resolver]
    argv += list(hosts)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError('%s exited %d: %s' % (argv, done.returncode, done.stderr))
    return Round(done.stdout, done.stderr)


class Checks:
    """Collects failures so one run reports every broken expectation."""

    def __init__(self):
        self.failures = []

    def expect(self, ok, what):
        print(('ok   ' if ok else 'FAIL ') + what)
        if not ok:
            self.failures.append(what)

    def answered(self, name, rnd, pings, i=0):
        rtts, lost = rnd.targets[i]
        self.expect(lost == 0 and len(rtts) == pings and rnd.median(i) > 0,
                    '%s: %d replies, loss 0, median %s ms > 0' % (name, pings, rnd.median(i)))

    def all_lost(self, name, rnd, pings, log_words, i=0):
        rtts, lost = rnd.targets[i]
        self.expect(lost == pings and not rtts, '%s: all %d pings lost (got %d)' %
                    (name, pings, lost))
        for word in log_words:
            self.expect(word in rnd.log, '%s: log says %r (log: %s)' %
                        (name, word, rnd.log.strip()[-300:]))

    def exit_code(self):
        if self.failures:
            print('%d check(s) failed' % len(self.failures))
            return 1
        return 0
