#!/usr/bin/env python3
"""smokeping.cgi as the master's slave endpoint, run the ways web servers run it:

1. plain CGI: the request's variables in the environment, the body on stdin, the answer on
   stdout (what fcgiwrap and Apache's mod_cgi do), one process per request;
2. FastCGI: a listening socket on fd 0 (what spawn-fcgi does), spoken to by a small FastCGI
   client below; several requests per process, and SIGTERM/SIGUSR1 ending it cleanly after
   the request in progress;
3. behind nginx (fcgiwrap and spawn-fcgi), when tests/integration/webserver.py and the
   programs it needs are there.

The posts are the captured ones of reference/protocol (the Perl slave's multipart layout),
rebuilt with keys made from this test's secrets. Only 127.0.0.1 is used.

Usage: cgi_slave_endpoint_test.py SMOKEPING_CGI
Exit status: 0 passed, 1 failed, 77 skipped."""
import hashlib
import hmac
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smokeping_env import Site  # noqa: E402

SECRETS = 'slave1:s3cret-one\nslave2:s3cret-two\nslave3:s3cret-three\n'
SLAVES = '''
*** Slaves ***
secrets = {secrets}
+ slave1
display_name = slave1
color = 0000ff
+ slave2
display_name = slave2
color = 00aa00
'''
TARGETS = '''+ Local
menu = Local
title = Local
slaves = slave1 slave2
++ t2
host = 127.0.0.2
++ t3
host = 127.0.0.3
++ t4
host = 127.0.0.4
slaves = slave2
+ Master
menu = Master
title = Master
++ m5
host = 127.0.0.5
'''
LOG_LINE = re.compile(r'^\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ 123]\d \d\d:\d\d:\d\d '
                      r'\d{4}\] smokeping\.cgi( \[client [^\]]+\])?: ')
PINGS = 3
FAILURES = []


def check(condition, what, detail=''):
    if not condition:
        FAILURES.append('%s%s' % (what, ('\n    ' + str(detail)[:2000]) if detail else ''))
        print('FAIL', what, ('\n    ' + str(detail)[:600]) if detail else '')


def key(secret, data):
    return hmac.new(secret.encode(), data.encode(), hashlib.md5).hexdigest()


def multipart(fields, boundary='xYzZY'):
    """The body HTTP::Request::Common builds for the Perl slave (reference/protocol)."""
    out = b''
    for name, value in fields:
        out += (b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                % (boundary.encode(), name.encode(), value.encode()))
    return out + b'--%s--\r\n' % boundary.encode()


def slave_post(slave, data, secret, config_time, protocol='2'):
    return multipart([('slave', slave), ('key', key(secret, data)), ('protocol', protocol),
                      ('data', data), ('config_time', str(config_time))])


# uptime, loss, median, then the pings' RTTs: pings + 3 fields.
UPDATE = 'U:0:' + ':'.join(['2.6000000000e-05'] * (PINGS + 1))


def data_lines(now, *targets):
    update = UPDATE
    return '\n'.join('%s\t%d\t%s' % (t, now, update) for t in targets)


def split_response(raw):
    """(status, [(header, value)], body) of a CGI response (Status line optional)."""
    head, sep, body = raw.partition(b'\r\n\r\n')
    if not sep:
        head, sep, body = raw.partition(b'\n\n')
    status = 200
    headers = []
    for line in head.decode('latin-1').splitlines():
        name, _, value = line.partition(':')
        if name.lower() == 'status':
            status = int(value.split()[0])
        else:
            headers.append((name, value.strip()))
    return status, headers, body


def header(headers, name):
    for n, v in headers:
        if n.lower() == name.lower():
            return v
    return None


def tree(root):
    """path -> (mode, bytes) of every file under root."""
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            with open(p, 'rb') as fh:
                out[os.path.relpath(p, root)] = (os.stat(p).st_mode, fh.read())
    return out


def cache_entries(path):
    """The [slave, time, update] entries of a .slave_cache file, read by Perl's Storable."""
    script = ('use Storable qw(retrieve); my $a = retrieve($ARGV[0]); '
              'print join("\\t", @$_), "\\n" for @$a;')
    out = subprocess.run(['perl', '-e', script, path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, timeout=30)
    if out.returncode != 0:
        check(False, 'Perl reads ' + path, out.stderr.decode())
        return None
    return [tuple(line.split('\t')) for line in out.stdout.decode().splitlines()]


def have_perl_storable():
    return subprocess.run(['perl', '-MStorable', '-e', '1'], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


class Master:
    """A temp site with the capture's master config (step 10, pings 3, two slaves)."""

    def __init__(self):
        self.site = Site(prefix='sp-cgi-it-')
        self.secrets = self.site.write('secrets', SECRETS, 0o600)
        probes = '+ FPing\nbinary = %s\n%s' % (self.site.path('fping'),
                                                SLAVES.format(secrets=self.secrets))
        self.config = self.site.config(TARGETS, step=10, pings=PINGS, probes=probes)
        self.set_config_mtime(int(time.time()) - 100)

    def set_config_mtime(self, t):
        os.utime(self.config, (t, t))
        self.config_mtime = t

    def cache_file(self, target, slave):
        return self.site.path('data') + target + '.' + slave + '.slave_cache'


# ---- plain CGI ----

MULTIPART = 'multipart/form-data; boundary=xYzZY'


def sanitizer_env():
    """The sanitizer settings of the test run (suppressions among them), for a CGI started with
    an environment of its own."""
    return {k: v for k, v in os.environ.items() if k.endswith('SAN_OPTIONS')}


def run_cgi(cgi, config, body=b'', method='POST', content_type=MULTIPART, extra_env=None):
    env = {'PATH': '/usr/bin:/bin', 'GATEWAY_INTERFACE': 'CGI/1.1', 'REQUEST_METHOD': method,
           'SCRIPT_NAME': '/smokeping.cgi', 'REQUEST_URI': '/smokeping.cgi',
           'SERVER_SOFTWARE': 'integration-test', 'REMOTE_ADDR': '127.0.0.1',
           'SERVER_PROTOCOL': 'HTTP/1.1', **sanitizer_env()}
    if method == 'POST':
        env['CONTENT_TYPE'] = content_type
        env['CONTENT_LENGTH'] = str(len(body))
    env.update(extra_env or {})
    proc = subprocess.run([cgi, config], input=body, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)
    status, headers, out = split_response(proc.stdout)
    stderr = proc.stderr.decode('utf-8', 'replace')
    for line in stderr.splitlines():
        check(LOG_LINE.match(line), 'stderr line in the CGI log format', line)
    check(proc.returncode == 0, 'CGI exit status 0', (proc.returncode, stderr))
    check(proc.stdout.startswith(b'Status: '), 'stdout starts with the Status header',
          proc.stdout[:200])
    return status, headers, out, stderr


def test_plain_cgi(cgi):
    m = Master()
    try:
        now = int(time.time())
        data = data_lines(now, '/Local/t2', '/Local/t3')

        # 01 first contact: the config, signed.
        status, headers, body, _ = run_cgi(cgi, m.config, slave_post('slave1', '', 's3cret-one', 0))
        check(status == 200, 'first contact: 200', status)
        check(header(headers, 'Content-Type') == 'application/smokeping-config',
              'first contact: config content type', headers)
        check(header(headers, 'Protocol') == '2', 'first contact: Protocol 2', headers)
        check(header(headers, 'Key') == hmac.new(b's3cret-one', body, hashlib.md5).hexdigest(),
              'first contact: Key is the HMAC of the body', headers)
        check(body.startswith(b'$VAR1 = {'), 'first contact: Dumper body', body[:100])
        check(b"'__last' => %d" % m.config_mtime in body, 'first contact: __last is the mtime',
              body[:3000])
        check(b'127.0.0.4' not in body, "first contact: slave2's target not sent to slave1")

        # 02 data: stored, OK.
        status, headers, body, log = run_cgi(
            cgi, m.config, slave_post('slave1', data, 's3cret-one', m.config_mtime))
        check((status, body) == (200, b'OK\n'), 'data post: 200 OK', (status, body))
        check(header(headers, 'Content-Type') == 'text/plain', 'data post: text/plain', headers)
        check('slave post slave=slave1 client=127.0.0.1 posted=2 stored=2 refused=0 answer=ok'
              in log, 'data post: logged', log)
        if have_perl_storable():
            for t in ('/Local/t2', '/Local/t3'):
                entries = cache_entries(m.cache_file(t, 'slave1'))
                check(entries == [('slave1', str(now), UPDATE)],
                      'data post: %s cache holds the line (read by Perl Storable)' % t, entries)
        else:
            check(os.path.exists(m.cache_file('/Local/t2', 'slave1')), 'data post: cache file')

        # Refusals: nothing under the site changes.
        refusals = [
            ('03 wrong key', slave_post('slave1', data, 'changed-on-master', m.config_mtime), 403,
             b'WARNING: Data from slave1 was signed with ' +
             key('changed-on-master', data).encode() + b' which does not match our expectation\n'),
            ('05 unknown slave', slave_post('slave9', '', 's3cret-nine', 0), 403,
             b'WARNING: No secret found for slave slave9\n'),
            ('06 secret but no section', slave_post('slave3', '', 's3cret-three', 0), 403,
             b"WARNING: I don't know the slave slave3 ignoring it"),
            ('protocol 1', slave_post('slave1', data, 's3cret-one', 0, protocol='1'), 200,
             b'WARNING: I expected protocol 2 and got 1 from slave slave1. I will skip this.\n'),
            ('target not assigned', slave_post('slave1', data_lines(now, '/Local/t4'),
                                               's3cret-one', m.config_mtime), 200,
             b'WARNING: Refused 1 of 1 lines from slave slave1; nothing was stored:\n'
             b'line 1: /Local/t4: target is not assigned to this slave\n'),
            ('../ path', slave_post('slave1', data_lines(now, '/Local/../../x'), 's3cret-one',
                                    m.config_mtime), 200, None),
            ('future time', slave_post('slave1', data_lines(now + 3600, '/Local/t2'), 's3cret-one',
                                       m.config_mtime), 200, None),
            ('malformed multipart', slave_post('slave1', data, 's3cret-one', 0)[:-10], 400, None),
        ]
        for name, body_in, want_status, want_body in refusals:
            before = tree(m.site.root)
            status, _, body, log = run_cgi(cgi, m.config, body_in)
            check(status == want_status, '%s: status %d' % (name, want_status), (status, body))
            if want_body is not None:
                check(body == want_body, '%s: body' % name, body)
            else:
                check(body.startswith(b'WARNING: '), '%s: a WARNING' % name, body)
            check(tree(m.site.root) == before, '%s: nothing changed on disk' % name)
            check(log.strip() != '', '%s: logged' % name, log)
        check('s3cret' not in log, 'secrets never logged')

        # Too large: 16 MiB + 1 byte is refused, read, and nothing changes.
        before = tree(m.site.root)
        big = slave_post('slave1', data, 's3cret-one', 0) + b'x' * (16 << 20)
        status, _, body, log = run_cgi(cgi, m.config, big)
        check(status == 413, 'oversized body: 413', (status, body[:200]))
        check(tree(m.site.root) == before, 'oversized body: nothing changed on disk')
        check('request body too large' in log, 'oversized body: logged', log)

        status, _, body, _ = run_cgi(cgi, m.config, b'abc', extra_env={'CONTENT_LENGTH': '3x'})
        check(status == 400, 'CONTENT_LENGTH not a number: 400', (status, body))

        # The secrets file readable by the group: 500, logged with the reason.
        os.chmod(m.secrets, 0o640)
        before = tree(m.site.root)
        status, _, body, log = run_cgi(cgi, m.config,
                                       slave_post('slave1', data, 's3cret-one', m.config_mtime))
        check(status == 500, 'secrets 0640: 500', (status, body))
        check('readable or writable by group or others' in log, 'secrets 0640: logged', log)
        check(tree(m.site.root) == before, 'secrets 0640: nothing changed on disk')
        os.chmod(m.secrets, 0o600)

        # 07 config changed: the next data post gets the new config, and its data are stored.
        m.set_config_mtime(m.config_mtime + 50)
        data2 = data_lines(now + 10, '/Local/t2')
        status, headers, body, _ = run_cgi(cgi, m.config,
                                           slave_post('slave1', data2, 's3cret-one',
                                                      m.config_mtime - 50))
        check(status == 200 and header(headers, 'Content-Type') == 'application/smokeping-config',
              'config changed: new config', (status, headers))
        check(b"'__last' => %d" % m.config_mtime in body, 'config changed: new __last')
        if have_perl_storable():
            check(len(cache_entries(m.cache_file('/Local/t2', 'slave1')) or []) == 2,
                  'config changed: the data were stored too')

        # A config that does not load: 500 with the original's ERROR text, logged.
        with open(m.config, 'a') as f:
            f.write('+ bad name!\nhost = 127.0.0.9\n')
        status, headers, body, log = run_cgi(cgi, m.config,
                                             slave_post('slave1', data, 's3cret-one', 0))
        check(status == 500, 'broken config: 500', (status, body))
        check(b'ERROR: ' + m.config.encode() in body, 'broken config: ERROR names the file', body)
        check(re.search(r'\] smokeping\.cgi: ERROR: ', log), 'broken config: logged', log)
    finally:
        m.site.cleanup()


# ---- the signed protocol (docs/protocol-auth.md) ----

def netstrings(*parts):
    return b''.join(b'%d:%s,' % (len(x), x) for x in parts)


def signed_post(slave, data, secret, config_time, ts, nonce):
    """What our slave posts: protocol 2's five fields, then auth_ts, auth_nonce, auth_key."""
    fields = [(b'smokeping-auth-post-1'), slave.encode(), b'2', str(ts).encode(), nonce.encode(),
              str(config_time).encode(), data.encode()]
    auth_key = hmac.new(secret.encode(), netstrings(*fields), hashlib.sha256).hexdigest()
    return multipart([('slave', slave), ('key', key(secret, data)), ('protocol', '2'),
                      ('data', data), ('config_time', str(config_time)), ('auth_ts', str(ts)),
                      ('auth_nonce', nonce), ('auth_key', auth_key)])


def answer_key(secret, slave, nonce, body):
    canonical = netstrings(b'smokeping-auth-answer-1', slave.encode(), nonce.encode(), body)
    return hmac.new(secret.encode(), canonical, hashlib.sha256).hexdigest()


def test_signed_protocol(cgi):
    m = Master()
    try:
        now = int(time.time())
        nonce = os.urandom(16).hex()
        post = signed_post('slave1', data_lines(now, '/Local/t2'), 's3cret-one', m.config_mtime,
                           now, nonce)
        status, headers, body, log = run_cgi(cgi, m.config, post)
        check((status, body) == (200, b'OK\n'), 'signed post: 200 OK', (status, body, log))
        check(header(headers, 'Auth-Key') == answer_key('s3cret-one', 'slave1', nonce, body),
              'signed post: answer signed for its nonce', headers)
        pin = os.path.join(m.site.path('data'), '.replay', 'slave1')
        check(os.path.exists(pin), 'signed post: slave pinned', pin)

        # The very same bytes again (a captured post played back): refused, nothing changes.
        before = tree(m.site.root)
        status, headers, body, log = run_cgi(cgi, m.config, post)
        check(status == 403, 'replayed post: 403', (status, body))
        check(header(headers, 'Auth-Key') is None, 'replayed post: answer not signed', headers)
        check(tree(m.site.root) == before, 'replayed post: nothing changed on disk')
        check('answer=auth_refused status=403 reason=signed post refused (replayed)' in log,
              'replayed post: logged', log)

        # Downgrade: the same data unsigned, protocol 2 only.
        status, _, body, log = run_cgi(
            cgi, m.config, slave_post('slave1', data_lines(now, '/Local/t2'), 's3cret-one',
                                      m.config_mtime))
        check(status == 403, 'unsigned post of a pinned slave: 403', (status, body))
        check(tree(m.site.root) == before, 'unsigned post of a pinned slave: nothing changed')
        check('delete ' + pin in log, 'unsigned post of a pinned slave: log says how to undo',
              log)

        # Concurrent CGI processes: distinct nonces are all taken, one nonce only once.
        def start(body):
            env = {'PATH': '/usr/bin:/bin', 'GATEWAY_INTERFACE': 'CGI/1.1',
                   'REQUEST_METHOD': 'POST', 'SCRIPT_NAME': '/smokeping.cgi',
                   'REMOTE_ADDR': '127.0.0.1', 'CONTENT_TYPE': MULTIPART,
                   'CONTENT_LENGTH': str(len(body)), **sanitizer_env()}
            p = subprocess.Popen([cgi, m.config], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=env)
            return p, body
        same = signed_post('slave1', data_lines(now, '/Local/t3'), 's3cret-one', m.config_mtime,
                           now, os.urandom(16).hex())
        distinct = [signed_post('slave1', data_lines(now + i, '/Local/t2'), 's3cret-one',
                                m.config_mtime, now, os.urandom(16).hex()) for i in range(1, 5)]
        procs = [start(same) for _ in range(4)] + [start(b) for b in distinct]
        statuses = []
        try:
            for p, body in procs:
                out, _ = p.communicate(body, timeout=60)
                statuses.append(split_response(out)[0])
        finally:
            for p, _ in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
        check(statuses[:4].count(200) == 1 and statuses[:4].count(403) == 3,
              'concurrent replays: exactly one accepted', statuses)
        check(statuses[4:] == [200] * 4, 'concurrent distinct nonces: all accepted', statuses)

        os.remove(pin)
        status, _, body, _ = run_cgi(
            cgi, m.config, slave_post('slave1', data_lines(now + 9, '/Local/t2'), 's3cret-one',
                                      m.config_mtime))
        check((status, body) == (200, b'OK\n'), 'pin deleted: protocol 2 accepted again',
              (status, body))
    finally:
        m.site.cleanup()

# ---- FastCGI ----

FCGI_BEGIN, FCGI_END, FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT, FCGI_STDERR = 1, 3, 4, 5, 6, 7


def fcgi_record(kind, request_id, content=b''):
    return struct.pack('>BBHHBB', 1, kind, request_id, len(content), 0, 0) + content


def fcgi_params(params):
    out = b''
    for name, value in params.items():
        n, v = name.encode(), value.encode()
        for length in (len(n), len(v)):
            if length < 128:
                out += struct.pack('>B', length)
            else:
                out += struct.pack('>I', length | 1 << 31)
        out += n + v
    return out


def fcgi_request_head(params, request_id=1, keep_conn=False):
    head = fcgi_record(FCGI_BEGIN, request_id, struct.pack('>HB5x', 1, 1 if keep_conn else 0))
    encoded = fcgi_params(params)
    for i in range(0, len(encoded), 65535):
        head += fcgi_record(FCGI_PARAMS, request_id, encoded[i:i + 65535])
    return head + fcgi_record(FCGI_PARAMS, request_id)


def fcgi_stdin(body, request_id=1):
    out = b''
    for i in range(0, len(body), 65535):
        out += fcgi_record(FCGI_STDIN, request_id, body[i:i + 65535])
    return out + fcgi_record(FCGI_STDIN, request_id)


def fcgi_read_response(sock):
    """The STDOUT bytes up to END_REQUEST."""
    buf = b''
    out = b''
    while True:
        while len(buf) < 8:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError('FastCGI connection closed before END_REQUEST')
            buf += chunk
        _, kind, _, length, padding, _ = struct.unpack('>BBHHBB', buf[:8])
        while len(buf) < 8 + length + padding:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError('FastCGI connection closed inside a record')
            buf += chunk
        content = buf[8:8 + length]
        buf = buf[8 + length + padding:]
        if kind == FCGI_STDOUT:
            out += content
        elif kind == FCGI_END:
            return out


def post_params(body):
    return {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'multipart/form-data; boundary=xYzZY',
            'CONTENT_LENGTH': str(len(body)), 'SCRIPT_NAME': '/smokeping.cgi',
            'REQUEST_URI': '/smokeping.cgi', 'REMOTE_ADDR': '127.0.0.1',
            'SERVER_SOFTWARE': 'integration-test', 'GATEWAY_INTERFACE': 'CGI/1.1'}


class FastCgiApp:
    """smokeping.cgi with a listening socket on fd 0, as spawn-fcgi starts it."""

    def __init__(self, cgi, config, log_path):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.log_path = log_path
        self.log = open(log_path, 'wb')
        env = {'PATH': '/usr/bin:/bin', **sanitizer_env()}
        self.proc = subprocess.Popen([cgi, config], stdin=self.listener.fileno(),
                                     stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        self.listener.close()  # the child has its copy

    def connect(self):
        return socket.create_connection(('127.0.0.1', self.port), timeout=30)

    def request(self, body):
        with self.connect() as s:
            s.sendall(fcgi_request_head(post_params(body)) + fcgi_stdin(body))
            return split_response(fcgi_read_response(s))

    def has_accepted(self, client):
        """Whether the process holds the server end of the connection `client` (accepted)."""
        local_port = client.getsockname()[1]
        inodes = set()
        with open('/proc/net/tcp') as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                local, remote, inode = fields[1], fields[2], fields[9]
                if (int(local.split(':')[1], 16) == self.port and
                        int(remote.split(':')[1], 16) == local_port and inode != '0'):
                    inodes.add('socket:[%s]' % inode)
        for fd in os.listdir('/proc/%d/fd' % self.proc.pid):
            try:
                if os.readlink('/proc/%d/fd/%s' % (self.proc.pid, fd)) in inodes:
                    return True
            except OSError:
                pass
        return False

    def wait_for(self, predicate, what, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.02)  # polling a condition with a deadline
        check(False, 'timed out waiting for ' + what)
        return False

    def stderr(self):
        self.log.flush()
        with open(self.log_path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def test_fastcgi(cgi):
    m = Master()
    app = None
    try:
        now = int(time.time())
        data = data_lines(now, '/Local/t2', '/Local/t3')
        app = FastCgiApp(cgi, m.config, m.site.path('fcgi.stderr'))

        status, headers, body = app.request(slave_post('slave1', '', 's3cret-one', 0))
        check(status == 200 and header(headers, 'Key') ==
              hmac.new(b's3cret-one', body, hashlib.md5).hexdigest(),
              'FastCGI: config answer signed', (status, headers))
        status, _, body = app.request(slave_post('slave1', data, 's3cret-one', m.config_mtime))
        check((status, body) == (200, b'OK\n'), 'FastCGI: data post OK', (status, body))
        status, _, body = app.request(slave_post('slave1', data, 'wrong', m.config_mtime))
        check(status == 403, 'FastCGI: wrong key 403', (status, body))
        check(app.proc.poll() is None, 'FastCGI: one process serves every request')

        # Two requests on one kept connection (FCGI_KEEP_CONN).
        with app.connect() as s:
            for rid in (1, 2):
                body_in = slave_post('slave1', '', 's3cret-one', m.config_mtime)
                s.sendall(fcgi_request_head(post_params(body_in), rid, keep_conn=True) +
                          fcgi_stdin(body_in, rid))
                status, _, body = split_response(fcgi_read_response(s))
                check((status, body) == (200, b'OK\n'), 'FastCGI keep-conn request %d' % rid,
                      (status, body))

        # An included edit reaches a running process: the config is loaded again.
        m.set_config_mtime(m.config_mtime + 30)
        status, headers, body = app.request(slave_post('slave1', '', 's3cret-one',
                                                       m.config_mtime - 30))
        check(header(headers, 'Content-Type') == 'application/smokeping-config' and
              b"'__last' => %d" % m.config_mtime in body, 'FastCGI: changed config reloaded',
              (status, headers, body[:300]))

        # SIGTERM while a request is being received: that request is answered, then exit 0.
        body_in = slave_post('slave1', data_lines(now + 1, '/Local/t2'), 's3cret-one',
                             m.config_mtime)
        with app.connect() as s:
            s.sendall(fcgi_request_head(post_params(body_in)) + fcgi_stdin(body_in)[:40])
            if app.wait_for(lambda: app.has_accepted(s), 'the request accepted'):
                app.proc.send_signal(signal.SIGTERM)
                s.sendall(fcgi_stdin(body_in)[40:])
                status, _, body = split_response(fcgi_read_response(s))
                check((status, body) == (200, b'OK\n'), 'SIGTERM: the request in progress is '
                      'answered', (status, body))
        try:
            app.proc.wait(20)
        except subprocess.TimeoutExpired:
            pass
        check(app.proc.returncode == 0, 'SIGTERM: exit status 0 after the request',
              (app.proc.returncode, app.stderr()))
        for line in app.stderr().splitlines():
            check(LOG_LINE.match(line), 'FastCGI stderr line in the CGI log format', line)
        app.stop()

        # SIGUSR1 while idle: exits at once with 0.
        app = FastCgiApp(cgi, m.config, m.site.path('fcgi2.stderr'))
        status, _, _ = app.request(slave_post('slave1', '', 's3cret-one', m.config_mtime))
        check(status == 200, 'second FastCGI process answers')
        app.proc.send_signal(signal.SIGUSR1)
        try:
            app.proc.wait(20)
        except subprocess.TimeoutExpired:
            pass
        check(app.proc.returncode == 0, 'SIGUSR1 while idle: exit status 0',
              (app.proc.returncode, app.stderr()))
    finally:
        if app:
            app.stop()
        m.site.cleanup()


# ---- behind nginx ----

def test_nginx(cgi):
    try:
        import webserver
    except ImportError:
        print('SKIP nginx part: tests/integration/webserver.py is not there')
        return
    for mode in ('cgi', 'fastcgi'):
        missing = webserver.missing_tools(mode)
        if missing:
            print('SKIP nginx %s part: %s missing' % (mode, ', '.join(missing)))
            continue
        m = Master()
        web = webserver.WebServer(m.site.path('web-' + mode), [cgi, m.config], mode=mode)
        try:
            os.makedirs(web.dir, exist_ok=True)
            web.start()
            now = int(time.time())
            body = slave_post('slave1', data_lines(now, '/Local/t2'), 's3cret-one',
                              m.config_mtime)
            req = urllib.request.Request(web.cgi_url, data=body, headers={
                'Content-Type': 'multipart/form-data; boundary=xYzZY'})
            with urllib.request.urlopen(req, timeout=30) as resp:
                check((resp.status, resp.read()) == (200, b'OK\n'), 'nginx %s: data post OK'
                      % mode)
                check(resp.headers.get('Content-Type') == 'text/plain',
                      'nginx %s: text/plain' % mode, resp.headers)
            check(os.path.exists(m.cache_file('/Local/t2', 'slave1')), 'nginx %s: stored' % mode)
            req = urllib.request.Request(web.cgi_url, data=slave_post('slave1', '', 'bad', 0),
                                         headers={'Content-Type':
                                                  'multipart/form-data; boundary=xYzZY'})
            try:
                urllib.request.urlopen(req, timeout=30)
                check(False, 'nginx %s: wrong key refused' % mode)
            except urllib.error.HTTPError as e:
                check(e.code == 403, 'nginx %s: wrong key 403' % mode, e.code)
        except Exception as e:  # report with the server's logs
            check(False, 'nginx %s: %s' % (mode, e), web.logs())
        finally:
            web.stop()
            m.site.cleanup()


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    cgi = os.path.abspath(sys.argv[1])
    if not os.access(cgi, os.X_OK):
        print('SKIP: %s is not an executable' % cgi)
        return 77
    test_plain_cgi(cgi)
    test_signed_protocol(cgi)
    test_fastcgi(cgi)
    test_nginx(cgi)
    if FAILURES:
        print('%d failed:' % len(FAILURES))
        for f in FAILURES:
            print(' -', f)
        return 1
    print('all passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
