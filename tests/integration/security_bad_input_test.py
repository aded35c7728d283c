#!/usr/bin/env python3
"""docs/security.md's bad-input table, tried for real: each bad input below goes to our
smokeping.cgi (plain CGI, the request in the environment) or to the smokeping binary, and the
test checks the answer (HTTP status, exit status), the log line, and that the data directory
is unchanged when the input is refused whole. It prints the table it observed (markdown), so
the doc can be compared with a run. Only 127.0.0.1 and temp dirs are used.

Usage: security_bad_input_test.py SMOKEPING SMOKEPING_CGI
Exit status: 0 passed, 1 failed."""
import os
import pwd
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cgi_slave_endpoint_test as ep  # noqa: E402
from smokeping_env import Site  # noqa: E402

ROWS = []
FAILURES = []


def row(area, bad_input, ok, observed):
    ROWS.append((area, bad_input, observed))
    if not ok:
        FAILURES.append('%s: %s' % (area, bad_input))
        print('FAIL %s: %s\n    observed: %s' % (area, bad_input, observed))


def first_line(body):
    return body.decode('utf-8', 'replace').strip().splitlines()[0][:90] if body.strip() else ''


def log_gist(log, needle):
    for line in log.splitlines():
        if needle in line:
            return line.split(': ', 1)[-1][:110]
    return '(no log line with %r)' % needle


def slave_posts(cgi):
    m = ep.Master()
    try:
        now = int(time.time())
        good = ep.data_lines(now, '/Local/t2')
        cases = [
            ('secret for an unknown name', ep.slave_post('slave9', good, 'x', 0), 403,
             'No secret found'),
            ('name with a secret but no Slaves entry', ep.slave_post('slave3', good, 's3cret-three', 0),
             403, "I don't know the slave"),
            ('wrong key (HMAC-MD5)', ep.slave_post('slave1', good, 'wrong', 0), 403,
             'does not match'),
            ('protocol 1', ep.slave_post('slave1', good, 's3cret-one', 0, protocol='1'), 200,
             'I expected protocol 2'),
            ('target of another slave', ep.slave_post(
                'slave1', ep.data_lines(now, '/Local/t4'), 's3cret-one', m.config_mtime), 200,
             'not assigned'),
            ('path with ".."', ep.slave_post(
                'slave1', ep.data_lines(now, '/Local/../t2'), 's3cret-one', m.config_mtime), 200,
             'Refused 1 of 1'),
            ('unknown target', ep.slave_post(
                'slave1', ep.data_lines(now, '/Nope/x'), 's3cret-one', m.config_mtime), 200,
             'Refused 1 of 1'),
            ('time 1 h in the future', ep.slave_post(
                'slave1', ep.data_lines(now + 3600, '/Local/t2'), 's3cret-one', m.config_mtime),
             200, 'Refused 1 of 1'),
            ('update value not a number', ep.slave_post(
                'slave1', '/Local/t2\t%d\tU:0:abc:1:2:3' % now, 's3cret-one', m.config_mtime),
             200, 'Refused 1 of 1'),
            ('multipart without its boundary', b'garbage', 400, 'malformed request'),
            ('url-encoded form, no protocol field', b'slave=slave1&key=x', 200,
             'got ? from slave'),
        ]
        for name, body, status_wanted, needle in cases:
            content_type = ep.MULTIPART if not name.startswith('url-encoded') else \
                'application/x-www-form-urlencoded'
            before = ep.tree(m.site.path('data'))
            status, _, out, log = ep.run_cgi(cgi, m.config, body, content_type=content_type)
            unchanged = ep.tree(m.site.path('data')) == before
            ok = status == status_wanted and needle in out.decode('utf-8', 'replace') and unchanged
            row('slave post', name, ok, '%d `%s`; data dir unchanged: %s' % (
                status, first_line(out), 'yes' if unchanged else 'NO'))
        # Bodies: a CONTENT_LENGTH that is no number, and one over the 16 MiB limit.
        for name, body, length, status_wanted in (
                ('CONTENT_LENGTH "abc"', b'x' * 1000, 'abc', 400),
                ('CONTENT_LENGTH 17 MiB, body shorter', b'x' * 1000, str(17 << 20), 400),
                ('body of 17 MiB', b'x' * (17 << 20), str(17 << 20), 413)):
            before = ep.tree(m.site.path('data'))
            status, _, out, log = ep.run_cgi(cgi, m.config, body,
                                             extra_env={'CONTENT_LENGTH': length})
            unchanged = ep.tree(m.site.path('data')) == before
            row('slave post', name, status == status_wanted and unchanged,
                '%d `%s`; data dir unchanged: %s' % (status, first_line(out),
                                                     'yes' if unchanged else 'NO'))
        # The master's secrets file.
        secrets = m.secrets
        for name, prepare, needle in (
                ('secrets file mode 0644 (config check)', lambda: os.chmod(secrets, 0o644),
                 'world-readable'),
                ('secrets file mode 0640', lambda: os.chmod(secrets, 0o640), 'mode 0600'),
                ('secrets file a symlink', lambda: (os.rename(secrets, secrets + '.real'),
                                                   os.symlink(secrets + '.real', secrets)),
                 'symbolic link'),
                ('secrets file of another owner', lambda: os.chown(
                    secrets, pwd.getpwnam('nobody').pw_uid, -1), 'owned by uid')):
            if name.endswith('owner') and os.geteuid() != 0:
                continue
            if os.path.islink(secrets):
                os.unlink(secrets)
                os.rename(secrets + '.real', secrets)
            os.chown(secrets, os.geteuid(), -1)
            os.chmod(secrets, 0o600)
            prepare()
            before = ep.tree(m.site.path('data'))
            status, _, out, log = ep.run_cgi(cgi, m.config, ep.slave_post(
                'slave1', good, 's3cret-one', m.config_mtime))
            unchanged = ep.tree(m.site.path('data')) == before
            reason = next((line.split('reason=', 1)[1] for line in log.splitlines()
                           if 'reason=' in line), log.split(': ', 1)[-1].strip())
            row('master secrets', name, status == 500 and needle in log and unchanged,
                '%d; log: `%s`' % (status, reason[:110]))
    finally:
        m.site.cleanup()


def slave_word_match(cgi):
    """W10: a target for `slave1-b` is not sent to `slave1` (the original's /\\bslave1\\b/
    selects it)."""
    site = Site(prefix='sp-sec-w10-')
    try:
        secrets = site.write('secrets', 'slave1:s1\nslave1-b:s2\n', 0o600)
        slaves = ('*** Slaves ***\nsecrets = %s\n+ slave1\ndisplay_name = a\ncolor = 0000ff\n'
                  '+ slave1-b\ndisplay_name = b\ncolor = 00aa00\n' % secrets)
        targets = ('+ G\nmenu = G\ntitle = G\n++ mine\nhost = 127.0.0.2\nslaves = slave1\n'
                   '++ other\nhost = 127.0.0.3\nslaves = slave1-b\n')
        config = site.config(targets, pings=ep.PINGS, extra_sections=slaves)
        status, _, out, log = ep.run_cgi(cgi, config, ep.slave_post('slave1', '', 's1', 0))
        text = out.decode('utf-8', 'replace')
        # A target not for this slave stays in the tree as `'other' => undef` (the original's
        # layout), without its host.
        mine, other = "'mine' => {" in text, "'other' => {" in text
        ok = status == 200 and mine and not other and '127.0.0.3' not in text
        row('slave config', 'target of `slave1-b` asked for by `slave1` (W10)', ok,
            '%d config; `mine` sent: %s, `other` sent: %s' % (status, mine, other))
    finally:
        site.cleanup()


def pages(cgi):
    m = ep.Master()
    try:
        # (query, the status our CGI answers, a text its page must hold). A path in
        # `target` names no section: like the original, the page is the empty template.
        for query, wanted, text in (
                ('target=..%2F..%2Fetc%2Fpasswd', 200, b'<html><body></body></html>\n'),
                ('target=Nope.none', 404, b'Section &#39;Nope&#39; does not exist'),
                ('target=Local.t2&displaymode=n&start=abc&end=now', 500,
                 b'RRDtool did not understand your input: start time: unparsable time: abc'),
                ('target=%3Cscript%3E', 404, b'Section &#39;_script_&#39; does not exist')):
            status, _, out, log = ep.run_cgi(cgi, m.config, method='GET',
                                             extra_env={'QUERY_STRING': query})
            echoed = b'<script>' in out or b'root:' in out
            said = out == text if wanted == 200 else text in out
            row('CGI page', '`?%s`' % query, status == wanted and said and not echoed,
                '%d `%s`%s' % (status, first_line(out).replace('|', '/')[:70],
                               '; input echoed raw!' if echoed else '; nothing echoed raw'))
    finally:
        m.site.cleanup()


def daemon_and_slave(smokeping):
    site = Site(prefix='sp-sec-')
    try:
        config = site.config('+ bad\nmenu = bad\ntitle = bad\nhost = 127.0.0.1\nnosuchkey = 1\n')
        run = subprocess.run([smokeping, '--check', '--config=' + config],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        text = run.stdout.decode().strip()
        row('config', 'unknown variable, `--check`', run.returncode != 0 and 'line' in text,
            'exit %d `%s`' % (run.returncode, text.splitlines()[0][:100] if text else ''))
        good = site.config('+ ok\nmenu = ok\ntitle = ok\nhost = 127.0.0.1\n')
        run = subprocess.run([smokeping, '--nodaemon', '--user=no-such-user-h5',
                              '--config=' + good], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=60)
        text = run.stdout.decode().strip()
        row('daemon', '`--user` naming no user', run.returncode != 0 and 'no-such-user-h5' in text,
            'exit %d `%s`' % (run.returncode, text.splitlines()[-1][:100] if text else ''))
        secret = site.write('slave.secret', 's3cret\n', 0o644)
        for name, path in (('slave secret mode 0644', secret),
                           ('slave secret missing', site.path('missing.secret'))):
            run = subprocess.run([smokeping, '--nodaemon', '--master-url=http://127.0.0.1:9/x',
                                  '--cache-dir=' + site.path('cache'), '--slave-name=s1',
                                  '--shared-secret=' + path], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, timeout=60)
            text = run.stdout.decode().strip()
            row('slave', name, run.returncode != 0 and 'ERROR' in text,
                'exit %d `%s`' % (run.returncode, text.splitlines()[0][:100] if text else ''))
    finally:
        site.cleanup()


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    smokeping, cgi = (os.path.abspath(a) for a in sys.argv[1:])
    slave_posts(cgi)
    slave_word_match(cgi)
    pages(cgi)
    daemon_and_slave(smokeping)
    print('| area | bad input | observed |')
    print('|---|---|---|')
    for area, bad_input, observed in ROWS:
        print('| %s | %s | %s |' % (area, bad_input, observed))
    failures = FAILURES + ep.FAILURES
    if failures:
        print('%d check(s) failed' % len(failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
