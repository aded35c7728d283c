#!/usr/bin/env python3
"""SMOKEPING_CGI_MAX_REQUESTS: our smokeping.cgi as one persistent FastCGI process
(spawn-fcgi -n) behind nginx answers exactly N requests and then exits with status 0, so that
its process manager (systemd's socket unit, mod_fcgid, multiwatch) starts a fresh one. Also:
0 or unset means no limit, and a value that is not a count makes it exit 1 at once with a
clear log line, having answered nothing. Only 127.0.0.1 and unix sockets are used.

Usage: cgi_max_requests_test.py SMOKEPING_CGI
Exit status: 0 passed, 1 failed, 77 skipped (no nginx or spawn-fcgi)."""
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webserver  # noqa: E402
from smokeping_env import Site  # noqa: E402

TARGETS = '+ Local\nmenu = Local\ntitle = Local\n++ one\nhost = 127.0.0.1\n'
LIMIT = 5
FAILURES = []
CGI = None


def check(condition, what, detail=''):
    if not condition:
        FAILURES.append(what)
        print('FAIL', what, ('\n    ' + str(detail)[:2000]) if detail else '')


def get(url):
    """(status, body) of one GET; an HTTP error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_exit(proc, timeout):
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        return None


def start(site, name, limit):
    env = {'SMOKEPING_CONFIG': site.path('config')}
    if limit is not None:
        env['SMOKEPING_CGI_MAX_REQUESTS'] = limit
    web = webserver.WebServer(site.path(name), [CGI, site.path('config')], mode='fastcgi',
                              env=env, cgi_children=1)
    web.start()
    return web


def test_limit(site):
    web = start(site, 'web-limit', str(LIMIT))
    try:
        app = web.backends[0].proc  # spawn-fcgi -n execs the CGI: this is its process
        for i in range(LIMIT):
            status, body = get(web.cgi_url)
            check(status == 200 and b'<html' in body.lower(),
                  'request %d of %d answered 200' % (i + 1, LIMIT), (status, body[:300]))
        rc = wait_exit(app, 20)
        check(rc == 0, 'the process exits 0 after %d requests' % LIMIT,
              (rc, web.logs().get('backend.log', '')))
        check('%d requests answered, exiting' % LIMIT in web.logs().get('backend.log', ''),
              'the exit is logged', web.logs().get('backend.log', ''))
    finally:
        web.stop()


def test_no_limit(site):
    for value in ('0', None):
        web = start(site, 'web-nolimit-%s' % value, value)
        try:
            app = web.backends[0].proc
            for i in range(LIMIT + 3):
                status, _ = get(web.cgi_url)
                check(status == 200, 'no limit (%r): request %d answered' % (value, i + 1), status)
            check(app.poll() is None, 'no limit (%r): the process is still serving' % value,
                  app.returncode)
        finally:
            web.stop()


def test_bad_values(site):
    for value in ('abc', '-1', '5 ', '+5', '99999999999999999999999'):
        sock_path = site.path('bad.sock')
        if os.path.exists(sock_path):
            os.unlink(sock_path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(sock_path)
        listener.listen(4)
        env = dict(os.environ, SMOKEPING_CGI_MAX_REQUESTS=value,
                   SMOKEPING_CONFIG=site.path('config'))
        env.pop('SERVER_SOFTWARE', None)
        # The listening socket on fd 0, as spawn-fcgi hands it over.
        app = subprocess.Popen([CGI, site.path('config')], stdin=listener,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        listener.close()
        try:
            out, err = app.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
            out, err = app.communicate()
        check(app.returncode == 1, 'bad value %r: exit status 1' % value, app.returncode)
        check(b'SMOKEPING_CGI_MAX_REQUESTS is not a number of requests' in err,
              'bad value %r: a clear log line' % value, err)
        check(out == b'', 'bad value %r: nothing answered' % value, out)


def main():
    global CGI
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    CGI = os.path.abspath(sys.argv[1])
    missing = webserver.missing_tools('fastcgi')
    if missing:
        print('SKIP: missing ' + ', '.join(missing))
        return 77
    site = Site(prefix='sp-cgi-maxreq-')
    try:
        site.config(TARGETS)
        test_limit(site)
        test_no_limit(site)
        test_bad_values(site)
    finally:
        site.cleanup()
    if FAILURES:
        print('%d check(s) failed' % len(FAILURES))
        return 1
    print('cgi_max_requests: OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
