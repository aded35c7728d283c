"""A real web server for the integration tests and benches: nginx on a free 127.0.0.1 port,
in front of a CGI program (run per request by fcgiwrap) or a persistent FastCGI program
(started by spawn-fcgi). Everything lives in one temp dir and every process is stopped by its
id. Also serves a static dir at /smokeping/.

    web = WebServer(workdir, ['/usr/share/smokeping/smokeping.cgi', config], mode='cgi')
    web.start(); ... web.cgi_url ...; web.stop()

With record_bodies=True nginx writes every request to `bodies.log` (time, status, content
type and the raw body, JSON-escaped), so a test can see exactly what a slave posted."""
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time

NGINX = '/usr/sbin/nginx'
FCGIWRAP = '/usr/sbin/fcgiwrap'
SPAWN_FCGI = '/usr/bin/spawn-fcgi'

# The usual CGI/1.1 variables, as nginx's fastcgi_params sets them (written out here so that
# the harness does not depend on files under /etc/nginx).
_FASTCGI_PARAMS = '''
fastcgi_param QUERY_STRING $query_string;
fastcgi_param REQUEST_METHOD $request_method;
fastcgi_param CONTENT_TYPE $content_type;
fastcgi_param CONTENT_LENGTH $content_length;
fastcgi_param SCRIPT_NAME $fastcgi_script_name;
fastcgi_param REQUEST_URI $request_uri;
fastcgi_param DOCUMENT_URI $document_uri;
fastcgi_param DOCUMENT_ROOT $document_root;
fastcgi_param SERVER_PROTOCOL $server_protocol;
fastcgi_param REQUEST_SCHEME $scheme;
fastcgi_param GATEWAY_INTERFACE CGI/1.1;
fastcgi_param SERVER_SOFTWARE nginx/$nginx_version;
fastcgi_param REMOTE_ADDR $remote_addr;
fastcgi_param REMOTE_PORT $remote_port;
fastcgi_param SERVER_ADDR $server_addr;
fastcgi_param SERVER_PORT $server_port;
fastcgi_param SERVER_NAME $server_name;
fastcgi_param PATH_INFO $fastcgi_path_info;
'''


def missing_tools(mode):
    """The programs `mode` needs that this machine lacks (a test then exits 77)."""
    need = [NGINX, FCGIWRAP if mode == 'cgi' else SPAWN_FCGI]
    return [p for p in need if not os.access(p, os.X_OK)]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class _Group:
    """A child started in its own session; stop() ends the whole group by its id, which also
    catches the processes it forked (fcgiwrap's and spawn-fcgi's children)."""

    def __init__(self, argv, log_path, env=None):
        self.argv = argv
        self.log = open(log_path, 'ab')
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.pgid = self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def stop(self, timeout=10):
        """SIGTERM to the group, SIGKILL to what is left after `timeout` seconds."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.pgid, sig)
            except ProcessLookupError:
                break
            if self._wait_gone(timeout):
                break
        if self.proc.poll() is None:
            self.proc.wait()
        self.log.close()

    def _wait_gone(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None and not _group_exists(self.pgid):
                return True
            time.sleep(0.05)  # polling for the exit, bounded by the deadline
        return False


def _group_exists(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


class WebServer:
    """nginx + fcgiwrap (mode='cgi': the program runs once per request, as plain CGI) or
    nginx + spawn-fcgi (mode='fastcgi': cgi_children persistent FastCGI processes, nginx
    balancing over them) on 127.0.0.1."""

    def __init__(self, workdir, app_argv, mode='cgi', static_dir=None, env=None,
                 record_bodies=False, nginx_workers=1, cgi_children=1, port=None,
                 cgi_path='/smokeping.cgi'):
        if mode not in ('cgi', 'fastcgi'):
            raise ValueError('mode must be cgi or fastcgi, not %r' % mode)
        self.dir = workdir
        self.app_argv = list(app_argv)
        self.mode = mode
        self.static_dir = static_dir
        self.env = dict(env or {})
        self.record_bodies = record_bodies
        self.nginx_workers = nginx_workers
        self.cgi_children = cgi_children
        self.port = port or free_port()
        self.cgi_path = cgi_path
        self.nginx = None
        self.backends = []
        os.makedirs(self.path('tmp'), exist_ok=True)
        os.makedirs(self.path('logs'), exist_ok=True)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    @property
    def base_url(self):
        return 'http://127.0.0.1:%d' % self.port

    @property
    def cgi_url(self):
        return self.base_url + self.cgi_path

    def _write_wrapper(self):
        """fcgiwrap runs a script named by SCRIPT_FILENAME with the request's variables only:
        this small wrapper adds the program's arguments and environment."""
        exports = ''.join('export %s=%s\n' % (k, shlex.quote(v)) for k, v in self.env.items())
        text = '#!/bin/sh\nexport PATH=/usr/local/bin:/usr/bin:/bin\n%sexec %s\n' % (
            exports, ' '.join(shlex.quote(a) for a in self.app_argv))
        wrapper = self.path('smokeping.cgi')
        with open(wrapper, 'w') as f:
            f.write(text)
        os.chmod(wrapper, 0o755)
        return wrapper

    def _nginx_conf(self, sockets, wrapper):
        user = 'user root root;\n' if os.geteuid() == 0 else ''
        record = ''
        log_format = ''
        if self.record_bodies:
            log_format = ("log_format bodies escape=json "
                          "'$msec\\t$status\\t$request_method\\t$content_type\\t$request_body';\n")
            record = 'access_log %s bodies;\n' % self.path('logs', 'bodies.log')
        static = ''
        if self.static_dir:
            static = 'location /smokeping/ { alias %s/; }\n' % self.static_dir.rstrip('/')
        return '''{user}daemon off;
worker_processes {workers};
pid {d}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  # The static files' content types (no /etc/nginx/mime.types needed): Chromium refuses a
  # stylesheet sent as text/plain.
  types {{ text/html html; text/css css; application/javascript js; image/png png;
          image/svg+xml svg; image/x-icon ico; }}
  upstream backend {{
{servers}  }}
  {log_format}
  access_log {d}/logs/access.log;
  client_body_temp_path {d}/tmp/body;
  fastcgi_temp_path {d}/tmp/fastcgi;
  proxy_temp_path {d}/tmp/proxy;
  uwsgi_temp_path {d}/tmp/uwsgi;
  scgi_temp_path {d}/tmp/scgi;
  # Whole bodies in memory, so $request_body can be logged; slaves' resends can be large.
  client_max_body_size 64m;
  client_body_buffer_size 4m;
  client_body_in_single_buffer on;
  fastcgi_read_timeout 600s;  # the original's plain CGI can take minutes under load
  server {{
    listen 127.0.0.1:{port};
    server_name localhost;
    root {d}/htdocs;
    location = {cgi_path} {{
      {record}
      {params}
      fastcgi_param SCRIPT_FILENAME {wrapper};
      fastcgi_pass backend;
    }}
    {static}
  }}
}}
'''.format(user=user, workers=self.nginx_workers, d=self.dir, log_format=log_format,
           servers=''.join('    server unix:%s;\n' % p for p in sockets), port=self.port,
           cgi_path=self.cgi_path, record=record, params=_FASTCGI_PARAMS, wrapper=wrapper,
           static=static)

    def _sockets(self):
        """fcgiwrap forks its children on one socket; each FastCGI process gets its own,
        started with spawn-fcgi -n so that it stays our direct child (spawn-fcgi's fork mode
        puts its children in new sessions, out of reach of a group kill)."""
        count = 1 if self.mode == 'cgi' else self.cgi_children
        return [self.path('fcgi-%d.sock' % i) for i in range(count)]

    def _start_backends(self):
        groups = []
        for socket_path in self._sockets():
            if os.path.exists(socket_path):
                os.unlink(socket_path)
            log = self.path('logs', 'backend.log')
            if self.mode == 'cgi':
                argv = [FCGIWRAP, '-f', '-c', str(self.cgi_children), '-s', 'unix:' + socket_path]
                groups.append(_Group(argv, log))
                continue
            env = dict(os.environ)
            env.pop('SERVER_SOFTWARE', None)
            env.update(self.env)
            argv = [SPAWN_FCGI, '-n', '-s', socket_path, '-M', '0600', '--', *self.app_argv]
            groups.append(_Group(argv, log, env=env))
        return groups

    def start(self, timeout=20):
        """Starts the backend and nginx and waits until both answer; raises if they don't."""
        os.makedirs(self.path('htdocs'), exist_ok=True)
        wrapper = self._write_wrapper()
        with open(self.path('nginx.conf'), 'w') as f:
            f.write(self._nginx_conf(self._sockets(), wrapper))
        self.backends = self._start_backends()
        for socket_path, group in zip(self._sockets(), self.backends):
            self._wait(lambda: os.path.exists(socket_path), timeout,
                       'the FastCGI socket ' + socket_path, group)
        self.nginx = _Group([NGINX, '-p', self.dir, '-c', self.path('nginx.conf'),
                             '-e', self.path('logs', 'error.log')],
                            self.path('logs', 'nginx.out'))
        self._wait(self._listening, timeout, 'nginx on port %d' % self.port, self.nginx)

    def _listening(self):
        try:
            with socket.create_connection(('127.0.0.1', self.port), timeout=1):
                return True
        except OSError:
            return False

    def _wait(self, predicate, timeout, what, group):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            if not group.alive():
                raise RuntimeError('%s exited (%s) before %s was ready:\n%s'
                                   % (group.argv[0], group.proc.returncode, what, self.logs()))
            time.sleep(0.05)  # polling a condition with a deadline
        raise RuntimeError('timed out waiting for %s:\n%s' % (what, self.logs()))

    def stop(self):
        """Stops nginx, then the backend; each by its process group id. Idempotent."""
        for group in [self.nginx] + self.backends:
            if group is not None:
                group.stop()
        self.nginx = None
        self.backends = []

    def logs(self):
        """name -> text of every log this server wrote."""
        out = {}
        for name in sorted(os.listdir(self.path('logs'))):
            with open(self.path('logs', name), 'rb') as f:
                out[name] = f.read().decode('utf-8', 'replace')
        return out

    def error_log(self):
        return self.logs().get('error.log', '')

    def requests(self):
        """The requests recorded with record_bodies=True, oldest first, as dicts with
        time (float), status (int), method, content_type and body (bytes). nginx logs a
        request just after its response went out: poll, do not expect it at once."""
        path = self.path('logs', 'bodies.log')
        if not os.path.exists(path):
            return []
        out = []
        with open(path, 'rb') as f:
            for raw in f:
                fields = raw.rstrip(b'\n').split(b'\t')
                if not raw.endswith(b'\n') or len(fields) != 5:
                    continue  # a line nginx is still writing
                # nginx's JSON escaping leaves bytes >= 0x80 raw: latin-1 keeps them as bytes.
                msec, status, method, ctype, body = (
                    json.loads('"' + x.decode('latin-1') + '"') for x in fields)
                out.append({'time': float(msec), 'status': int(status), 'method': method,
                            'content_type': ctype, 'body': body.encode('latin-1')})
        return out

    def keep_logs(self, dest):
        """Copies the logs to dest (for a failed run's report)."""
        shutil.copytree(self.path('logs'), dest, dirs_exist_ok=True)
