#!/usr/bin/env python3
"""Our slave against a scripted master on 127.0.0.1 (step 10 s, FPing on 127.0.0.1).

The slave starts while nothing listens (it retries instead of exiting), gets its signed
config, posts its rounds; the master then answers 503 for a while, and later the slave is
killed with SIGKILL while results wait in its spool and started again. A new config (another
target) is taken in place by the running process. At the end every line the slave ever sent
was accepted exactly once, and SIGTERM ends it with status 0.
Usage: slave_fake_master_test.py SMOKEPING_BINARY"""
import hashlib
import hmac
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SECRET = b's3cret-one'
STEP = 10


def dumper(value, indent=0):
    """Perl Data::Dumper-like text of dicts, lists, strings and ints."""
    pad = ' ' * (indent + 2)
    if isinstance(value, dict):
        items = ',\n'.join("%s'%s' => %s" % (pad, k, dumper(v, indent + 2))
                           for k, v in value.items())
        return '{\n%s\n%s}' % (items, ' ' * indent)
    if isinstance(value, list):
        return '[%s]' % ', '.join(dumper(v, indent) for v in value)
    if isinstance(value, int):
        return str(value)
    if value is None:
        return 'undef'
    return "'%s'" % value.replace('\\', '\\\\').replace("'", "\\'")


def config_body(last, targets):
    node = {'probe': 'FPing', 'menu': 'Top', 'title': 'Top', 'nomasterpoll': 'no', '_order': 0}
    local = {'probe': 'FPing', 'menu': 'Local', 'title': 'Local', 'slaves': 'slave1',
             'nomasterpoll': 'no', '_order': 0}
    for i, (name, host) in enumerate(targets):
        local[name] = {'probe': 'FPing', 'host': host, 'menu': name, 'title': name,
                       'slaves': 'slave1', 'nomasterpoll': 'no', '_order': i,
                       '_varlist': ['menu', 'title', 'host']}
    node['Local'] = local
    config = {
        'General': {'owner': 'Test', 'contact': 'test@localhost', 'datadir': '/nonexistent',
                    'piddir': '/nonexistent', 'offset': 'random'},
        'Database': {'step': str(STEP), 'pings': '3',
                     '_table': [['AVERAGE', '0.5', '1', '1008']]},
        'Probes': {'FPing': {'binary': '/usr/bin/fping', 'mininterval': '0.01'}},
        'Targets': node,
        '__last': last,
    }
    return ('$VAR1 = %s;\n' % dumper(config, 8)).encode()


def parse_multipart(content_type, body):
    boundary = content_type.split('boundary=', 1)[1].encode()
    fields = {}
    for part in body.split(b'--' + boundary)[1:]:
        if part.startswith(b'--'):
            break
        head, _, value = part[2:].partition(b'\r\n\r\n')
        name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
        fields[name] = value[:-2]  # the CRLF before the next boundary
    return fields


class Master:
    """Records every POST; answers a config, OK, or 503 while `failing`."""

    def __init__(self, port):
        self.lock = threading.Lock()
        self.posts = []  # (config_time, lines, status)
        self.failing = False
        self.last = int(time.time()) - 100
        self.targets = [('t1', '127.0.0.1'), ('dyn', 'DYNAMIC/abc')]
        master = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers['Content-Length']))
                fields = parse_multipart(self.headers['Content-Type'], body)
                data = fields['data']
                assert self.headers['User-Agent'] == 'smokeping-slave/1.0'
                assert fields['slave'] == b'slave1' and fields['protocol'] == b'2'
                assert fields['key'].decode() == hmac.new(SECRET, data, hashlib.md5).hexdigest()
                lines = data.decode().split('\n') if data else []
                config_time = int(fields['config_time'])
                with master.lock:
                    if master.failing:
                        status, ctype, answer, extra = 503, 'text/html', b'<h1>down</h1>', {}
                    elif config_time < master.last:
                        answer = config_body(master.last, master.targets)
                        status, ctype = 200, 'application/smokeping-config'
                        extra = {'Protocol': '2',
                                 'Key': hmac.new(SECRET, answer, hashlib.md5).hexdigest()}
                    else:
                        status, ctype, answer, extra = 200, 'text/plain', b'OK\n', {}
                    master.posts.append((config_time, lines, status))
                self.send_response(status)
                self.send_header('Content-Type', ctype)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header('Content-Length', str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = http.server.HTTPServer(('127.0.0.1', port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def snapshot(self):
        with self.lock:
            return list(self.posts)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Slave:
    def __init__(self, binary, root, port):
        self.log_path = os.path.join(root, 'slave.log')
        self.log = open(self.log_path, 'a')
        env = dict(os.environ, SMOKEPING_SHARED_SECRET=os.path.join(root, 'secret'))
        env.pop('http_proxy', None)
        env.pop('HTTP_PROXY', None)
        self.proc = subprocess.Popen(
            [binary, '--nodaemon', '--master-url=http://127.0.0.1:%d/smokeping.cgi' % port,
             '--cache-dir=' + os.path.join(root, 'cache'), '--slave-name=slave1'],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)

    def output(self):
        with open(self.log_path) as f:
            return f.read()

    def kill(self, sig):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
        try:
            return self.proc.wait(60)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            raise AssertionError('slave did not end after signal %d' % sig)
        finally:
            self.log.close()


def wait_for(predicate, timeout, what, slave):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if slave.proc.poll() is not None:
            raise AssertionError('slave exited (%s) while waiting for %s:\n%s'
                                 % (slave.proc.returncode, what, slave.output()))
        time.sleep(0.2)  # polling a condition with a deadline, not timing a race
    raise AssertionError('timed out waiting for %s:\n%s' % (what, slave.output()))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main():
    binary = sys.argv[1]
    if os.geteuid() != 0:
        print('skipped: FPing needs CAP_NET_RAW (run as root)')
        return 77
    root = tempfile.mkdtemp(prefix='sp-slave-it-')
    os.makedirs(os.path.join(root, 'cache'))
    with open(os.path.join(root, 'secret'), 'wb') as f:
        f.write(SECRET + b'\n')
    os.chmod(os.path.join(root, 'secret'), 0o600)
    port = free_port()
    master = None
    slave = None
    try:
        # 1. Nothing listens yet: the slave keeps asking instead of exiting (W13).
        slave = Slave(binary, root, port)
        wait_for(lambda: slave.output().count('no config from the master yet') >= 2, 30,
                 'two refused attempts', slave)
        master = Master(port)

        def ok_posts_with_lines():
            return [p for p in master.snapshot() if p[2] == 200 and p[1]]

        wait_for(lambda: len(ok_posts_with_lines()) >= 1, 60, 'a delivered round', slave)

        # 2. The master fails for two rounds; the rounds wait and go with the next success.
        with master.lock:
            master.failing = True
            failed_before = sum(1 for p in master.posts if p[2] == 503)
        wait_for(lambda: sum(1 for p in master.snapshot() if p[2] == 503) >= failed_before + 2,
                 60, 'two refused rounds', slave)
        with master.lock:
            master.failing = False
            seen = len(master.posts)
        wait_for(lambda: any(p[2] == 200 and p[1] for p in master.snapshot()[seen:]), 60,
                 'the resend', slave)

        # 3. SIGKILL while a round waits in the spool; the next process sends it.
        with master.lock:
            master.failing = True
            failed_before = sum(1 for p in master.posts if p[2] == 503)
        wait_for(lambda: sum(1 for p in master.snapshot() if p[2] == 503) > failed_before, 60,
                 'a refused round', slave)
        slave.kill(signal.SIGKILL)
        spooled = [f for f in os.listdir(os.path.join(root, 'cache')) if f.endswith('.lines')]
        assert spooled, 'results wait in the spool after SIGKILL'
        with master.lock:
            master.failing = False
            seen = len(master.posts)
        slave = Slave(binary, root, port)
        wait_for(lambda: any(p[2] == 200 and p[1] for p in master.snapshot()[seen:]), 60,
                 'the spool sent after the restart', slave)

        # 4. A new config is taken in place: same process, the new target is probed (W14).
        with master.lock:
            master.last += 10
            master.targets.append(('t2', '127.0.0.1'))
        wait_for(lambda: any(l.startswith('/Local/t2\t') for p in master.snapshot()
                             if p[2] == 200 for l in p[1]), 60, 'a line of the new target', slave)
        status = slave.kill(signal.SIGTERM)
        assert status == 0, 'SIGTERM ends the slave with status 0, got %s' % status

        posts = master.snapshot()
        delivered = [l for p in posts if p[2] == 200 for l in p[1]]
        keys = [tuple(l.split('\t')[:2]) for l in delivered]
        duplicates = {k for k in keys if keys.count(k) > 1}
        assert not duplicates, 'lines delivered twice: %s' % sorted(duplicates)
        refused = {l for p in posts if p[2] != 200 for l in p[1]}
        assert refused, 'some posts carried lines while the master failed'
        assert refused <= set(delivered), 'lines never delivered: %s' % (refused - set(delivered))
        times = sorted({int(k[1]) for k in keys})
        assert len(times) >= 5, 'at least five rounds delivered: %s' % times
        for t in times:
            paths = {k[0] for k in keys if int(k[1]) == t}
            assert {'/Local/t1', '/Local/dyn'} <= paths, 'round %d has every target: %s' % (t, paths)
        for line in delivered:
            path, _, update = line.split('\t')
            fields = update.split(':')
            assert len(fields) == 3 + 3, 'pings + 3 fields: %s' % line
            if path == '/Local/dyn':
                assert update == 'U:3:U:U:U:U', 'DYNAMIC hosts are reported lost: %s' % line
        print('ok: %d posts, %d lines delivered once each, %d rounds' %
              (len(posts), len(delivered), len(times)))
        return 0
    finally:
        if slave is not None and slave.proc.poll() is None:
            os.kill(slave.proc.pid, signal.SIGKILL)
            slave.proc.wait()
        if master is not None:
            master.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
