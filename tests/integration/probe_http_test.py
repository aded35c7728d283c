#!/usr/bin/env python3
"""Curl, AnotherCurl, EchoPingHttp and EchoPingHttps against nginx on 127.0.0.1 (plain HTTP and
HTTPS with a self-signed certificate) started and stopped by the test.

usage: probe_http_test.py PROBE_RUN
Exits 77 when nginx or openssl is missing."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from probe_support import Checks, Process, TinyServer, free_port, run_probe, wait_port

PINGS = 3
NGINX = shutil.which('nginx') or '/usr/sbin/nginx'


def start_nginx(root, http_port, https_port):
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt',
                    'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj',
                    '/CN=localhost', '-keyout', os.path.join(root, 'key.pem'), '-out',
                    os.path.join(root, 'cert.pem')], check=True, capture_output=True)
    os.makedirs(os.path.join(root, 'html'))
    with open(os.path.join(root, 'html', 'index.html'), 'w') as f:
        f.write('<html>Status: green</html>\n')
    user = 'user root;' if os.geteuid() == 0 else ''
    with open(os.path.join(root, 'nginx.conf'), 'w') as f:
        f.write('''{user}
worker_processes 1;
pid {r}/nginx.pid;
error_log {r}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {r}/tmp; proxy_temp_path {r}/tmp; fastcgi_temp_path {r}/tmp;
  uwsgi_temp_path {r}/tmp; scgi_temp_path {r}/tmp;
  server {{
    listen 127.0.0.1:{http};
    listen 127.0.0.1:{https} ssl;
    ssl_certificate {r}/cert.pem;
    ssl_certificate_key {r}/key.pem;
    root {r}/html;
    location = /old {{ return 301 /; }}
  }}
}}
'''.format(user=user, r=root, http=http_port, https=https_port))
    nginx = Process([NGINX, '-p', root, '-c', os.path.join(root, 'nginx.conf'), '-g',
                     'daemon off;'], stderr=subprocess.DEVNULL)
    wait_port(http_port)
    wait_port(https_port)
    return nginx


def main():
    if not os.path.exists(NGINX) or not shutil.which('openssl'):
        print('skip: nginx or openssl missing')
        return 77
    runner = sys.argv[1]
    c = Checks()
    root = tempfile.mkdtemp(prefix='sp-probe-http-')
    http, https = free_port(), free_port()
    plain = 'urlformat=http://%%host%%:%d/' % http
    secure = 'urlformat=https://%%host%%:%d/' % https
    try:
        with start_nginx(root, http, https):
            c.answered('Curl http', run_probe(runner, 'Curl', ['127.0.0.1'], PINGS, [plain]),
                       PINGS)
            c.answered('Curl expect found', run_probe(runner, 'Curl', ['127.0.0.1'], PINGS,
                                                      [plain, 'expect=Status: green']), PINGS)
            rnd = run_probe(runner, 'Curl', ['127.0.0.1'], PINGS, [plain, 'expect=Status: red'])
            c.all_lost('Curl expect missing', rnd, PINGS, ["does not contain 'Status: red'"])
            rnd = run_probe(runner, 'Curl', ['127.0.0.1'], PINGS, [secure])
            c.all_lost('Curl https, self-signed, no insecure_ssl', rnd, PINGS,
                       ['curl transfer', 'certificate'])
            c.answered('Curl https insecure_ssl', run_probe(
                runner, 'Curl', ['127.0.0.1'], PINGS, [secure, 'insecure_ssl=1']), PINGS)
            c.answered('Curl follow_redirects', run_probe(
                runner, 'Curl', ['127.0.0.1'], PINGS,
                ['urlformat=http://%%host%%:%d/old' % http, 'follow_redirects=yes',
                 'include_redirects=yes']), PINGS)
            rnd = run_probe(runner, 'Curl', ['127.0.0.1'], PINGS,
                            [plain, 'extraargs=-H X-Probe:1 --bogus-flag -s'])
            c.answered('Curl extraargs', rnd, PINGS)
            c.expect('extraargs not understood, ignored target=t0 argument=--bogus-flag'
                     in rnd.log, 'Curl extraargs: the unknown flag is logged')
            c.answered('AnotherCurl write_out', run_probe(
                runner, 'AnotherCurl', ['127.0.0.1'], PINGS,
                [plain, 'write_out=time_connect']), PINGS)
            echo = ['waittime=0.05', 'port=%d' % http]
            c.answered('EchoPingHttp', run_probe(runner, 'EchoPingHttp', ['127.0.0.1'], PINGS,
                                                 echo + ['ignore_cache=yes']), PINGS)
            rnd = run_probe(runner, 'EchoPingHttp', ['127.0.0.1'], PINGS, echo + ['url=/nope'])
            c.all_lost('EchoPingHttp 404', rnd, PINGS, ['HTTP status 404'])
            rnd = run_probe(runner, 'EchoPingHttp', ['127.0.0.1'], PINGS, echo + ['url=/old'])
            c.all_lost('EchoPingHttp redirect not accepted', rnd, PINGS, ['HTTP status 301'])
            c.answered('EchoPingHttp accept_redirects', run_probe(
                runner, 'EchoPingHttp', ['127.0.0.1'], PINGS,
                echo + ['url=/old', 'accept_redirects=yes']), PINGS)
            c.answered('EchoPingHttps', run_probe(
                runner, 'EchoPingHttps', ['127.0.0.1'], PINGS,
                ['waittime=0.05', 'port=%d' % https]), PINGS)
        rnd = run_probe(runner, 'Curl', ['127.0.0.1'], PINGS, [plain])
        c.all_lost('Curl server stopped', rnd, PINGS, ['Failed to connect'])
        rnd = run_probe(runner, 'EchoPingHttps', ['127.0.0.1'], PINGS,
                        ['waittime=0.05', 'port=%d' % https])
        c.all_lost('EchoPingHttps server stopped', rnd, PINGS, ['Failed to connect'])
        with TinyServer('silent') as silent:
            start = time.monotonic()
            rnd = run_probe(runner, 'Curl', ['127.0.0.1'], 2,
                            ['urlformat=http://%%host%%:%d/' % silent.port, 'timeout=1'])
            took = time.monotonic() - start
            c.all_lost('Curl silent server', rnd, 2, ['Operation timed out'])
            c.expect(1.9 < took < 5, 'Curl silent server: 2 transfers of 1 s took %.2f s' % took)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return c.exit_code()


if __name__ == '__main__':
    sys.exit(main())
