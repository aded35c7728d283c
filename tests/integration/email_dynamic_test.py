#!/usr/bin/env python3
"""`smokeping --email`: one mail per `host = DYNAMIC` target, through a mail host (a small SMTP
sink on 127.0.0.1) or a sendmail program written here; afterwards the config holds
`host = DYNAMIC/<md5_base64 of the mailed secret>` on that line and nothing else changed. A
mail that fails leaves the config as it was. Where Debian's smokeping is installed, its mails
and its rewritten config are compared with ours.

usage: email_dynamic_test.py SMOKEPING
"""
import base64
import hashlib
import os
import re
import socket
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smokeping_env import ORIGINAL_SMOKEPING, Site, original_missing, process_env  # noqa: E402

TEMPLATE = '''From: <##FROM##>
To: <##TO##>
Subject: agent for <##path##>

Check <##URL##>?target=<##PATH##>
secret <##SECRET##>
Cheers, <##OWNER##>
'''

# Blanks around `=` as the original's pattern allows them; no indentation, which the original
# drops and we keep, so both sides write the same line.
MAIN_TARGETS = '''+ A
menu = A
title = A
email = Aa Owner <a@example.org>
host  =\tDYNAMIC
+ Set
menu = Set
title = Set
email = Ss Owner <s@example.org>
host = DYNAMIC/alreadyset
+ Plain
menu = Plain
title = Plain
host = 127.0.0.1
'''

PART = '''+ Inc
menu = Inc
title = Inc
email = Ii Owner <i@example.org>
host = DYNAMIC
'''


def md5_base64(text):
    return base64.b64encode(hashlib.md5(text.encode()).digest()).decode().rstrip('=')


class SmtpSink:
    """Accepts mail on 127.0.0.1 (a free port), one connection at a time; `refuse_rcpt` answers
    550 to every recipient."""

    def __init__(self, refuse_rcpt=False):
        self.refuse_rcpt = refuse_rcpt
        self.mails = []  # (mail_from, [rcpt], data)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return  # closed by stop()
            with conn:
                conn.settimeout(10)
                try:
                    self._session(conn.makefile('rb'), conn)
                except (OSError, ValueError):
                    pass

    def _session(self, rfile, conn):
        def say(line):
            conn.sendall(line.encode() + b'\r\n')
        say('220 sink ready')
        sender, rcpts = None, []
        while True:
            line = rfile.readline()
            if not line:
                return
            cmd = line.decode().rstrip('\r\n')
            verb = cmd.split(' ', 1)[0].upper()
            if verb in ('EHLO', 'HELO'):
                say('250 sink')
            elif verb == 'MAIL':
                sender, rcpts = re.search(r'<(.*)>', cmd).group(1), []
                say('250 ok')
            elif verb == 'RCPT':
                if self.refuse_rcpt:
                    say('550 no such user here')
                else:
                    rcpts.append(re.search(r'<(.*)>', cmd).group(1))
                    say('250 ok')
            elif verb == 'DATA':
                say('354 go ahead')
                lines = []
                while True:
                    data = rfile.readline()
                    if data in (b'.\r\n', b'.\n', b''):
                        break
                    if data.startswith(b'.'):
                        data = data[1:]
                    lines.append(data.replace(b'\r\n', b'\n'))
                self.mails.append((sender, rcpts, b''.join(lines).decode()))
                say('250 queued')
            elif verb == 'QUIT':
                say('221 bye')
                return
            else:
                say('250 ok')

    def stop(self):
        self.listener.close()
        self.thread.join(timeout=10)


def sendmail_script(site, exit_code):
    """A sendmail program that keeps each mail as N.args and N.body in ROOT/mails."""
    os.makedirs(site.path('mails'), exist_ok=True)
    return site.write('sendmail', '''#!/bin/sh
dir={d}
n=$(ls "$dir" | grep -c '\\.body$')
printf '%s\\n' "$@" > "$dir/$n.args"
cat > "$dir/$n.body"
exit {code}
'''.format(d=site.path('mails'), code=exit_code), 0o755)


def stored_mails(site):
    """[(args, body)] in the order sent."""
    d = site.path('mails')
    n = len([f for f in os.listdir(d) if f.endswith('.body')])
    out = []
    for i in range(n):
        with open(os.path.join(d, '%d.args' % i)) as a, open(os.path.join(d, '%d.body' % i)) as b:
            out.append((a.read().split('\n')[:-1], b.read()))
    return out


def make_site(mailhost_port=None, sendmail_exit=None, with_include=True):
    """A site whose config has the targets above; mail goes to 127.0.0.1:`mailhost_port`
    and/or a sendmail program exiting `sendmail_exit` (kept mails in ROOT/mails)."""
    site = Site('sp-email-')
    site.write('smokemail', TEMPLATE)
    general = ''
    if mailhost_port is not None:
        general += 'mailhost = 127.0.0.1:%d\n' % mailhost_port
    if sendmail_exit is not None:
        general += 'sendmail = %s\n' % sendmail_script(site, sendmail_exit)
    targets = MAIN_TARGETS
    if with_include:
        os.makedirs(site.path('etc'))
        site.write('etc/part.conf', PART)
        targets += '@include etc/part.conf\n'
    probes = None
    if os.access('/usr/bin/fping', os.X_OK):  # the original checks the binary it is given
        probes = '+ FPing\nbinary = /usr/bin/fping\n'
    site.config(targets, probes=probes, extra_general=general)
    return site


def snapshot(site):
    files = {}
    for name in ('config', 'etc/part.conf'):
        if os.path.exists(site.path(name)):
            with open(site.path(name), 'rb') as f:
                files[name] = f.read()
    return files


def run(binary, site):
    return subprocess.run([binary, '--email', '--config=' + site.path('config')],
                          capture_output=True, text=True, timeout=120, env=process_env())


def field(body, key):
    m = re.search(r'^%s (\S+)$' % re.escape(key), body, re.M)
    assert m, 'no %r in mail:\n%s' % (key, body)
    return m.group(1)


def expected_after(before, bodies):
    """The files as they must be after the mails `bodies` were sent: each mailed target's line
    rewritten with its secret's digest, every other byte as before."""
    lines_of = {'A': ('config', b'host  =\tDYNAMIC\n'), 'Inc': ('etc/part.conf', b'host = DYNAMIC\n')}
    after = dict(before)
    for body in bodies:
        name, old = lines_of[field(body, 'Check').split('target=')[1]]
        new = b'host = DYNAMIC/' + md5_base64(field(body, 'secret')).encode() + b'\n'
        assert after[name].count(old) == 1, (name, old)
        after[name] = after[name].replace(old, new)
    return after


def check_mail_bodies(bodies, owners):
    assert sorted(field(b, 'Check').split('target=')[1] for b in bodies) == sorted(owners), bodies
    for body in bodies:
        path = field(body, 'Check').split('target=')[1]
        assert body.startswith('From: test@localhost\nTo: %s\nSubject: agent for %s\n\n'
                               % (owners[path][0], path)), body
        assert 'Check http://127.0.0.1/smokeping.cgi?target=%s\n' % path in body, body
        assert body.endswith('Cheers, Test\n'), body
        assert re.fullmatch(r'[0-9a-f]{24}', field(body, 'secret')), body


OWNERS = {'A': ('Aa Owner <a@example.org>', 'a@example.org'),
          'Inc': ('Ii Owner <i@example.org>', 'i@example.org')}


def test_smtp_mailhost(binary):
    sink = SmtpSink()
    site = make_site(mailhost_port=sink.port)
    try:
        before = snapshot(site)
        r = run(binary, site)
        assert r.returncode == 0, r
        assert len(sink.mails) == 2, (sink.mails, r.stderr)
        for sender, rcpts, _ in sink.mails:
            assert sender == 'test@localhost', sender
        assert sorted(rc[0] for _, rc, _ in sink.mails) == ['a@example.org', 'i@example.org']
        bodies = [data for _, _, data in sink.mails]
        check_mail_bodies(bodies, OWNERS)
        assert snapshot(site) == expected_after(before, bodies), snapshot(site)
        for path, (to, _) in OWNERS.items():
            assert 'Sending smoke-agent for %s to %s ... DONE\n' % (path, to) in r.stderr, r.stderr
        # Nothing is left to do the second time.
        again = run(binary, site)
        assert again.returncode == 0 and len(sink.mails) == 2, (again, sink.mails)
        print('ok: mailhost 127.0.0.1:port gets one mail per DYNAMIC target; digests match')
    finally:
        sink.stop()
        site.cleanup()


def test_sendmail_program(binary):
    site = make_site(sendmail_exit=0)
    try:
        before = snapshot(site)
        r = run(binary, site)
        assert r.returncode == 0, r
        mails = stored_mails(site)
        assert sorted(args[2] for args, _ in mails) == ['a@example.org', 'i@example.org'], mails
        assert all(args[:2] == ['-f', 'test@localhost'] and len(args) == 3 for args, _ in mails)
        check_mail_bodies([b for _, b in mails], OWNERS)
        assert snapshot(site) == expected_after(before, [b for _, b in mails])
        print('ok: the sendmail program gets "-f contact address" and the message')
    finally:
        site.cleanup()


def assert_nothing_changed(site, before, r, what):
    assert r.returncode != 0, (what, r)
    assert 'ERROR: mail to ' in r.stderr and 'left as it was' in r.stderr, (what, r.stderr)
    assert snapshot(site) == before, what
    leftovers = [f for d in (site.root, site.path('etc')) for f in os.listdir(d)
                 if f.startswith('.')]
    assert not leftovers, leftovers


def test_failing_mailers(binary):
    # A sendmail program that fails.
    site = make_site(sendmail_exit=1)
    try:
        before = snapshot(site)
        assert_nothing_changed(site, before, run(binary, site), 'sendmail exits 1')
    finally:
        site.cleanup()
    # A mail host that refuses the recipient.
    sink = SmtpSink(refuse_rcpt=True)
    site = make_site(mailhost_port=sink.port)
    try:
        before = snapshot(site)
        assert_nothing_changed(site, before, run(binary, site), 'RCPT refused')
    finally:
        sink.stop()
        site.cleanup()
    # No mail host answers and the fallback program fails (never the machine's own sendmail).
    closed = socket.socket()
    closed.bind(('127.0.0.1', 0))
    port = closed.getsockname()[1]  # bound but not listening: connections are refused
    site = make_site(mailhost_port=port, sendmail_exit=75)
    try:
        before = snapshot(site)
        r = run(binary, site)
        assert_nothing_changed(site, before, r, 'no mail host, sendmail fails')
        assert len(stored_mails(site)) == 2, 'fell back to sendmail for each target'
    finally:
        closed.close()
        site.cleanup()
    print('ok: a failing sendmail, a refusing or absent mail host leave the config unchanged')


def compare_with_original(binary):
    missing = original_missing()
    if missing:
        print('skip: original not installed (%s)' % ', '.join(missing))
        return
    results = {}
    for who, program in (('ours', binary), ('original', ORIGINAL_SMOKEPING)):
        site = make_site(sendmail_exit=0, with_include=False)
        try:
            before = snapshot(site)
            r = run(program, site)
            assert r.returncode == 0, (who, r)
            mails = stored_mails(site)
            assert len(mails) == 1, (who, mails, r.stderr)
            args, body = mails[0]
            secret = field(body, 'secret')
            after = snapshot(site)['config'].decode()
            digest = md5_base64(secret)
            assert after == expected_after(before, [body])['config'].decode(), (who, after)
            results[who] = (args, body.replace(secret, 'SECRET'),
                            after.replace(digest, 'DIGEST').replace(site.root, 'ROOT'),
                            r.stderr.strip())
        finally:
            site.cleanup()
    ours, orig = results['ours'], results['original']
    assert ours[0] == orig[0], ('sendmail arguments', ours[0], orig[0])
    assert ours[1] == orig[1], ('mail', ours[1], orig[1])
    assert ours[2] == orig[2], ('config after', ours[2], orig[2])
    assert ours[3] == orig[3], ('stderr', ours[3], orig[3])
    print('ok: same sendmail arguments, mail (but the secret), config and stderr as the original')


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    test_smtp_mailhost(binary)
    test_sendmail_program(binary)
    test_failing_mailers(binary)
    compare_with_original(binary)
    return 0


if __name__ == '__main__':
    sys.exit(main())
