#!/usr/bin/env python3
"""The nginx examples (packaging/nginx/smokeping-fcgiwrap.conf and smokeping-fastcgi.conf),
each rendered for a temp site, served by a real nginx on a free 127.0.0.1 port with
fcgiwrap or spawn-fcgi behind it: the overview page, a graph and slave POSTs must work.

    nginx_examples_test.py SMOKEPING SMOKEPING_CGI
Exit 0 pass, 1 fail, 77 skip (nginx, fcgiwrap or spawn-fcgi missing, or no ICMP)."""
import os
import shutil
import sys

import example_site as ex

NGINX_EXAMPLES = os.path.join(ex.ROOT, 'packaging', 'nginx')


def nginx_conf(site, port):
    user = 'user root root;\n' if os.geteuid() == 0 else ''
    d = site.root
    return '''{user}daemon off;
worker_processes 1;
pid {d}/run/nginx.pid;
error_log {d}/logs/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  access_log {d}/logs/access.log;
  client_body_temp_path {d}/tmp/body;
  fastcgi_temp_path {d}/tmp/fastcgi;
  proxy_temp_path {d}/tmp/proxy;
  uwsgi_temp_path {d}/tmp/uwsgi;
  scgi_temp_path {d}/tmp/scgi;
  include {d}/site.conf;
}}
'''.format(user=user, d=d)


def run_example(name, smokeping, cgi):
    site = ex.ExampleSite(smokeping, cgi)
    groups = []
    try:
        if not site.make_rrds():
            return ex.SKIP
        port = ex.webserver.free_port()
        sock = site.path('run', 'fcgi.sock')
        common = [('listen 80;', 'listen 127.0.0.1:%d;' % port), ('listen [::]:80;', ''),
                  ('/var/cache/smokeping/images/', site.path('cache/images') + '/'),
                  ('/usr/share/smokeping/www/', site.path('www') + '/')]
        example = os.path.join(NGINX_EXAMPLES, name)
        if name == 'smokeping-fcgiwrap.conf':
            text = ex.render(example, common + [
                ('/run/fcgiwrap.socket', sock),
                ('/usr/lib/cgi-bin/smokeping.cgi', cgi),
                ('/etc/smokeping/config', site.config)])
            backend = [ex.webserver.FCGIWRAP, '-f', '-c', '1', '-s', 'unix:' + sock]
        else:
            text = ex.render(example, common + [('/run/smokeping-fcgi.sock', sock)])
            backend = [ex.webserver.SPAWN_FCGI, '-n', '-s', sock, '-M', '0600', '--',
                       cgi, site.config]
        # `include fastcgi_params` is relative to nginx.conf's folder, as in /etc/nginx.
        shutil.copy('/etc/nginx/fastcgi_params', site.path('fastcgi_params'))
        site.write('site.conf', text)
        site.write('nginx.conf', nginx_conf(site, port))
        groups.append(ex.webserver._Group(backend, site.path('logs', 'backend.log')))
        if not ex.wait_path(sock, groups[-1]):
            print('%s: the FastCGI socket did not appear' % name)
            ex.dump_logs(site)
            return 1
        groups.append(ex.webserver._Group(
            [ex.webserver.NGINX, '-p', site.root, '-c', site.path('nginx.conf'),
             '-e', site.path('logs', 'error.log')], site.path('logs', 'nginx.out')))
        if not ex.wait_listening(port, groups[-1]):
            print('%s: nginx did not start' % name)
            ex.dump_logs(site)
            return 1
        failures = ex.check_site('http://127.0.0.1:%d' % port)
        if not failures and name == 'smokeping-fcgiwrap.conf':
            # The cgiurl of Debian's config: /cgi-bin/smokeping.cgi works the same way.
            failures = ex.check_site('http://127.0.0.1:%d' % port, '/cgi-bin/smokeping.cgi')
        for failure in failures:
            print('%s: FAIL %s' % (name, failure))
        if failures:
            ex.dump_logs(site)
            return 1
        print('%s: overview page, graph, slave POSTs OK' % name)
        return 0
    finally:
        for group in reversed(groups):
            group.stop()
        site.cleanup()


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    smokeping, cgi = (os.path.abspath(a) for a in sys.argv[1:])
    status = 0
    skipped = 0
    for name, mode in (('smokeping-fcgiwrap.conf', 'cgi'), ('smokeping-fastcgi.conf', 'fastcgi')):
        missing = ex.webserver.missing_tools(mode)
        if missing:
            print('%s: SKIP, missing %s' % (name, ' '.join(missing)))
            skipped += 1
            continue
        result = run_example(name, smokeping, cgi)
        if result == ex.SKIP:
            print('%s: SKIP, smokeping --debug could not probe 127.0.0.1' % name)
            skipped += 1
        elif result != 0:
            status = 1
    if status == 0 and skipped == 2:
        return ex.SKIP
    return status


if __name__ == '__main__':
    sys.exit(main())
