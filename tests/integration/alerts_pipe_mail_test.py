#!/usr/bin/env python3
"""Alerts end to end: the master daemon runs in a network namespace of its own and pings
127.0.0.2 there, where the test decides what answers: the kernel (no loss), or
tests/support/icmp_responder dropping half of the requests. An edge-triggered alert `>0%`
with a `|` program and a mail recipient (General.sendmail is a script writing the mail to a
file, built from a mailtemplate) must
  - stay silent while nothing is lost,
  - fire within 2 rounds of the loss starting, once ("was raised", the original's 6 arguments),
  - not fire again after a daemon restart while the loss goes on (its state is kept beside the RRD),
  - fire once more when the loss ends ("was cleared", 5 arguments),
and each mail carries the template with its placeholders filled. Where Debian's smokeping
2.7.3 is installed, it is told the same story (without the restart) and must make the same
program calls and, but for times and measured values, the same mails.
Usage: alerts_pipe_mail_test.py SMOKEPING_BINARY ICMP_RESPONDER
Exits 77 where network namespaces cannot be created."""
import os
import subprocess
import sys
import time

from smokeping_env import ORIGINAL_SMOKEPING, Daemon, Site, original_missing, process_env

SKIP = 77
STEP = 10
TEMPLATE = ('Subject: [test] <##ALERT##> <##WHAT##> on <##LINE##>\n'
            'X-Test: template\n'
            '\n'
            'alert=<##ALERT##>\nwhat=<##WHAT##>\nline=<##LINE##>\nurl=<##URL##>\n'
            'stamp=<##STAMP##>\npattern=<##PAT##>\n<##LOSS##>\n<##RTT##>\n'
            'comment=<##COMMENT##>\n')


def sh(*argv, check=True):
    return subprocess.run(argv, check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


class Namespace:
    def __init__(self, name):
        self.name = name
        self.responder = None

    def run(self, *argv):
        return sh('ip', 'netns', 'exec', self.name, *argv)

    def kernel_answers(self, yes):
        self.run('sysctl', '-qw', 'net.ipv4.icmp_echo_ignore_all=%d' % (0 if yes else 1))

    def start_responder(self, binary, out_path):
        """Half of the echo requests answered (fixed seed: the same draws every run)."""
        self.kernel_answers(False)
        out = open(out_path, 'w')
        self.responder = subprocess.Popen(['ip', 'netns', 'exec', self.name, binary,
                                           '--delay-ms', '1', '--loss', '0.5', '--seed', '3'],
                                          stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if 'ready' in open(out_path).read():
                return
            if self.responder.poll() is not None:
                raise AssertionError('icmp_responder ended: %s' % open(out_path).read())
            time.sleep(0.1)  # polling for a line with a deadline
        raise AssertionError('icmp_responder never said ready')

    def stop_responder(self):
        if self.responder and self.responder.poll() is None:
            self.responder.terminate()
            self.responder.wait(10)
        self.responder = None


def calls(path):
    """The alert program's invocations: one list of arguments each."""
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip('\n').split('\x1f') for line in f if line.strip()]


def setup_site(site, fping):
    """The config both daemons run: the alert, its program, the fake sendmail, the template."""
    record = site.path('calls')
    program = site.write('record.sh', '#!/bin/sh\n{ printf %%s "$1"; shift; '
                         'for a in "$@"; do printf "\\037%%s" "$a"; done; echo; } >> %s\n'
                         % record, 0o755)
    mails = site.path('mails')
    sendmail = site.write('sendmail', '#!/bin/sh\n{ echo "ARGV $*"; cat; echo "=== END"; } '
                          '>> %s\n' % mails, 0o755)
    template = site.write('tmail', TEMPLATE)
    alerts = ('*** Alerts ***\n'
              'to = |%s\n'
              'from = smokeping@example.org\n'
              '+ lossy\n'
              'type = loss\n'
              'pattern = >0%%\n'
              'comment = some pings were lost\n'
              'edgetrigger = yes\n'
              'mailtemplate = %s\n\n' % (program, template))
    targets = ('+ Loss\nmenu = Loss\ntitle = Loss\n'
               '++ Target\nmenu = Target\ntitle = Target\nhost = 127.0.0.2\n'
               'alerts = lossy\nalertee = Ops <ops@example.org>\n')
    config = site.config(targets, step=STEP, pings=10,
                         probes='+ FPing\nbinary = %s\n' % fping,
                         extra_general='sendmail = %s' % sendmail, extra_sections=alerts)
    return config, record, mails


def mail_parts(path):
    if not os.path.exists(path):
        return []
    return [p for p in open(path).read().split('=== END\n') if p.strip()]


def check_mails(parts):
    assert len(parts) == 2, 'one mail per edge: %s' % parts
    for part, what in zip(parts, ('was raised', 'was cleared')):
        assert part.startswith('ARGV -f smokeping@example.org ops@example.org\n'), part
        assert 'To: Ops <ops@example.org>\nFrom: smokeping@example.org\nDate: ' in part, part
        assert '\nSubject: [test] lossy %s on Loss.Target\nX-Test: template\n' % what in part
        assert '\nalert=lossy\nwhat=%s\nline=Loss.Target\n' % what in part, part
        assert 'url=http://127.0.0.1/smokeping.cgi?target=Loss.Target\n' in part, part
        assert '\npattern=>0%\nloss: ' in part and '\nrtt: ' in part, part
        assert '\ncomment=some pings were lost\n' in part, part
        assert '<##' not in part, 'every placeholder filled: %s' % part


def normalized(part):
    """A mail with what differs from run to run (times, measured values) blanked out."""
    out = []
    for line in part.splitlines():
        for prefix in ('Date: ', 'stamp=', 'loss: ', 'rtt: '):
            if line.startswith(prefix):
                line = prefix + '...'
        out.append(line)
    return out


def run_ours(ns, smokeping, responder):
    site = Site('sp-alerts-')
    daemon = None
    try:
        config, record, mails = setup_site(site, site.path('fping'))
        argv = ['ip', 'netns', 'exec', ns.name, smokeping]
        daemon = NsDaemon(argv, config, site.path('daemon1.log'))
        daemon.wait_for(lambda: daemon.rounds() >= 2, 90, '2 rounds without loss')
        assert calls(record) == [], 'no alert without loss: %s' % calls(record)

        ns.start_responder(responder, site.path('responder.out'))
        switched = daemon.rounds()
        daemon.wait_for(lambda: calls(record) or daemon.rounds() >= switched + 3, 90,
                        'the alert or 3 more rounds')
        raised = calls(record)
        assert len(raised) == 1, 'fired once within 2 rounds of the loss: %s\n%s' % (
            raised, daemon.output())
        args = raised[0]
        assert args[0] == 'lossy' and args[1] == 'Loss.Target', args
        assert args[2].startswith('loss: ') and args[3].startswith('rtt: '), args
        assert args[4] == '127.0.0.2' and args[5:] == ['1'], 'raise: 6 arguments, "1": %s' % args
        fired_at = daemon.rounds()
        daemon.wait_for(lambda: daemon.rounds() >= fired_at + 2, 60, '2 more lossy rounds')
        assert len(calls(record)) == 1, 'edge alert fired once: %s' % calls(record)
        assert daemon.stop() == 0

        assert os.path.exists(site.path('data', 'Loss', 'Target.alertstate')), 'state kept'
        daemon = NsDaemon(argv, config, site.path('daemon2.log'))
        daemon.wait_for(lambda: daemon.rounds() >= 2, 60, '2 lossy rounds after the restart')
        assert len(calls(record)) == 1, 'no new raise after a restart: %s' % calls(record)

        ns.stop_responder()
        ns.kernel_answers(True)
        cleared_from = daemon.rounds()
        daemon.wait_for(lambda: len(calls(record)) >= 2 or daemon.rounds() >= cleared_from + 3,
                        90, 'the clear or 3 more rounds')
        got = calls(record)
        assert len(got) == 2, 'cleared once: %s\n%s' % (got, daemon.output())
        assert got[1][:2] == ['lossy', 'Loss.Target'] and len(got[1]) == 5, \
            'clear: 5 arguments, no edge flag: %s' % got[1]
        assert daemon.stop() == 0
        daemon = None
        check_mails(mail_parts(mails))
        return got, mail_parts(mails)
    finally:
        if daemon:
            daemon.stop()
        ns.stop_responder()
        ns.kernel_answers(True)
        site.cleanup()


def wait_until(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.2)  # polling a condition with a deadline
    return predicate()


def run_original(ns, responder):
    """The same story told to Debian's smokeping 2.7.3 (no restart: it keeps no state). It
    logs no rounds, so its waits are in steps of time."""
    site = Site('sp-alerts-orig-')
    daemon = None
    try:
        config, record, mails = setup_site(site, '/usr/bin/fping')
        argv = ['ip', 'netns', 'exec', ns.name, ORIGINAL_SMOKEPING]
        daemon = NsDaemon(argv, config, site.path('original.log'), env=process_env())
        time.sleep(2 * STEP)  # two quiet rounds: nothing may fire (the assertion follows)
        assert calls(record) == [], 'original: no alert without loss: %s' % calls(record)
        ns.start_responder(responder, site.path('responder.out'))
        assert wait_until(lambda: calls(record), 3 * STEP + 5), \
            'original fired within 2 rounds\n' + daemon.output()
        time.sleep(2 * STEP)  # two more lossy rounds: the edge must not fire again
        assert len(calls(record)) == 1, 'original fired once: %s' % calls(record)
        ns.stop_responder()
        ns.kernel_answers(True)
        assert wait_until(lambda: len(calls(record)) >= 2, 3 * STEP + 5), \
            'original cleared\n' + daemon.output()
        # It runs the program before it mails: let the mail arrive before stopping it.
        wait_until(lambda: len(mail_parts(mails)) >= 2, STEP)
        daemon.stop()
        daemon = None
        check_mails(mail_parts(mails))
        return calls(record), mail_parts(mails)
    finally:
        if daemon:
            daemon.stop()
        ns.stop_responder()
        ns.kernel_answers(True)
        site.cleanup()


def main():
    smokeping, responder = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        print('SKIP: needs root for a network namespace')
        return SKIP
    ns = Namespace('spa-%d' % os.getpid())
    made = sh('ip', 'netns', 'add', ns.name, check=False)
    if made.returncode != 0:
        print('SKIP: cannot create a network namespace: %s' % made.stderr.decode().strip())
        return SKIP
    try:
        ns.run('ip', 'link', 'set', 'lo', 'up')
        ns.kernel_answers(True)
        ours, our_mails = run_ours(ns, smokeping, responder)
        print('alerts: ours raised and cleared once each, across a restart; 2 mails')
        if original_missing() or not os.path.exists('/usr/bin/fping'):
            print('alerts: the original is not installed, no comparison')
            return 0
        theirs, their_mails = run_original(ns, responder)
        for a, b in zip(ours, theirs):
            assert len(a) == len(b) and a[:2] == b[:2] and a[4:] == b[4:], (ours, theirs)
            assert a[2].split(' ')[0] == b[2].split(' ')[0] == 'loss:', (a, b)
        for a, b in zip(our_mails, their_mails):
            assert normalized(a) == normalized(b), 'mails differ:\n%s\n---\n%s' % (a, b)
        print('alerts: the original made the same calls and mails: %s' % theirs)
        return 0
    finally:
        sh('ip', 'netns', 'del', ns.name, check=False)


class NsDaemon(Daemon):
    """Our daemon started through `ip netns exec` (which execs it: the pid is the daemon's)."""

    def __init__(self, prefix, config, log_path, env=None):
        self._spawn(prefix + ['--nodaemon', '--config=' + config], log_path, env)


if __name__ == '__main__':
    sys.exit(main())
