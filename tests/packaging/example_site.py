"""Shared by the web server example tests: a SmokePing site in a temp dir (config with one
loopback target and one slave, RRD files made by one `smokeping --debug` round), the
example config rendered for it (loopback port, temp paths), and the three checks every
example must pass: the overview page, a graph, a slave POST."""
import hashlib
import hmac
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'integration'))
import webserver  # noqa: E402  (free_port, and _Group: a process group stopped by its id)

SKIP = 77
SECRET = 'Example-Secret-42'
SLAVE = 'slave1'


class ExampleSite:
    """The temp installation: etc/, data/, cache/images/, www/ (a copy of cgi/www)."""

    def __init__(self, smokeping, cgi, world_writable=False):
        self.smokeping = smokeping
        self.cgi = cgi
        self.root = tempfile.mkdtemp(prefix='sp-pkg-')
        os.chmod(self.root, 0o755)  # Apache's workers run as www-data when we are root
        for d in ('etc', 'data', 'cache/images', 'run', 'logs', 'tmp'):
            os.makedirs(self.path(d))
        if world_writable:
            for d in ('data', 'cache/images'):
                os.chmod(self.path(d), 0o1777)
        shutil.copytree(os.path.join(ROOT, 'cgi', 'www'), self.path('www'))
        shutil.copy(os.path.join(ROOT, 'etc', 'basepage.html.dist'), self.path('etc/basepage.html'))
        self.write('etc/smokemail', 'mail\n')
        self.secrets = self.write('etc/smokeping_secrets', '%s:%s\n' % (SLAVE, SECRET), 0o600)
        self.config = self.write('etc/config', self._config_text())

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def write(self, name, text, mode=0o644):
        p = self.path(name)
        with open(p, 'w') as f:
            f.write(text)
        os.chmod(p, mode)
        return p

    def give_secrets_to(self, user):
        """The CGI's user owns the secrets file (mode 600), as the package arranges."""
        shutil.chown(self.secrets, user=user)

    def _config_text(self):
        r = self.root
        return '''*** General ***
owner = Example Test
contact = test@localhost
imgcache = {r}/cache/images
imgurl = ../smokeping/images
datadir = {r}/data
piddir = {r}/run
smokemail = {r}/etc/smokemail
cgiurl = http://127.0.0.1/smokeping/smokeping.cgi

*** Database ***
step = 60
pings = 3
AVERAGE 0.5 1 1008
AVERAGE 0.5 12 4320
MIN 0.5 12 4320
MAX 0.5 12 4320

*** Presentation ***
template = {r}/etc/basepage.html
+ overview
width = 400
height = 50
range = 3h
+ detail
width = 400
height = 100
"Last 3 Hours" 3h

*** Probes ***
+ FPing
binary = /usr/bin/fping

*** Slaves ***
secrets = {r}/etc/smokeping_secrets
+ {slave}
display_name = {slave}
color = ff0000

*** Targets ***
probe = FPing
menu = Top
title = Example test
+ Local
menu = Local
title = Loopback
++ lo1
menu = lo1
title = 127.0.0.1
host = 127.0.0.1
slaves = {slave}
'''.format(r=r, slave=SLAVE)

    def make_rrds(self):
        """One probing round (creates data/Local/lo1.rrd); False when ICMP is not allowed.
        A config the daemon refuses is a failure of the test (raises)."""
        subprocess.run([self.smokeping, '--check', '--config=' + self.config], check=True)
        run = subprocess.run([self.smokeping, '--debug', '--config=' + self.config],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        if run.returncode != 0 or not os.path.exists(self.path('data/Local/lo1.rrd')):
            print('smokeping --debug failed (%d):\n%s' % (run.returncode, run.stdout.decode()))
            return False
        for dirpath, _, files in os.walk(self.path('data')):
            os.chmod(dirpath, 0o1777 if dirpath == self.path('data') else 0o755)
            for name in files:
                os.chmod(os.path.join(dirpath, name), 0o666)
        return True

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def render(example_path, replacements):
    """The example's text with each (old, new) replaced; every `old` must occur, so that an
    edit of the example cannot silently make the test test something else."""
    with open(example_path) as f:
        text = f.read()
    for old, new in replacements:
        if old not in text:
            raise AssertionError('%s no longer contains %r' % (example_path, old))
        text = text.replace(old, new)
    return text


def _get(url, timeout=60):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def _post_form(url, fields, timeout=60):
    boundary = uuid.uuid4().hex
    body = b''
    for name, value in fields:
        body += ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n'
                 % (boundary, name)).encode() + value.encode() + b'\r\n'
    body += ('--%s--\r\n' % boundary).encode()
    req = urllib.request.Request(url, data=body, method='POST', headers={
        'Content-Type': 'multipart/form-data; boundary=' + boundary})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def check_site(base_url, cgi_path='/smokeping/smokeping.cgi'):
    """The overview page, its style sheet, a graph it shows, and slave POSTs (a good and a
    badly signed one). Returns a list of failures (empty: all good)."""
    failures = []
    cgi_url = base_url + cgi_path

    status, _, body = _get(cgi_url)
    page = body.decode('utf-8', 'replace')
    if status != 200 or 'Local' not in page:
        failures.append('overview page: %d\n%s' % (status, page[:2000]))

    status, _, body = _get(base_url + '/smokeping/css/smokeping.css')
    if status != 200 or not body:
        failures.append('style sheet: %d' % status)

    status, _, body = _get(cgi_url + '?target=Local')
    page = body.decode('utf-8', 'replace')
    graphs = re.findall(r'<img[^>]*src="([^"]*lo1[^"]*\.png)"', page, re.IGNORECASE)
    if status != 200 or not graphs:
        failures.append('menu page has no graph of lo1: %d\n%s' % (status, page[:2000]))
    else:
        graph_url = urllib.parse.urljoin(cgi_url, graphs[0])
        status, headers, body = _get(graph_url)
        if status != 200 or not body.startswith(b'\x89PNG'):
            failures.append('graph %s: %d %r' % (graph_url, status, body[:200]))

    key = hmac.new(SECRET.encode(), b'', hashlib.md5).hexdigest()
    fields = [('slave', SLAVE), ('key', key), ('protocol', '2'), ('data', ''),
              ('config_time', '0')]
    status, headers, body = _post_form(cgi_url, fields)
    ctype = headers.get('Content-Type', '') if headers else ''
    if status != 200 or not ctype.startswith('application/smokeping-config') \
            or b'lo1' not in body:
        failures.append('slave POST: %d %s %r' % (status, ctype, body[:300]))

    bad = [(k, '0' * 32 if k == 'key' else v) for k, v in fields]
    status, _, body = _post_form(cgi_url, bad)
    # The original answers 200; ours says 403 as well (README, differences).
    if status not in (200, 403) or \
            not body.startswith(b'WARNING: Data from slave1 was signed with'):
        failures.append('badly signed slave POST: %d %r' % (status, body[:300]))
    return failures


def wait_listening(port, group, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            import socket
            with socket.create_connection(('127.0.0.1', port), timeout=1):
                return True
        except OSError:
            if not group.alive():
                return False
            time.sleep(0.05)  # polling for the listener, bounded by the deadline
    return False


def wait_path(path, group, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return True
        if not group.alive():
            return False
        time.sleep(0.05)  # polling for the socket file, bounded by the deadline
    return False


def dump_logs(site):
    for name in sorted(os.listdir(site.path('logs'))):
        with open(site.path('logs', name), 'rb') as f:
            text = f.read().decode('utf-8', 'replace')
        print('---- %s ----\n%s' % (name, text[-4000:]))
