#!/usr/bin/env python3
"""The Apache examples (packaging/apache/smokeping-cgi.conf with mod_cgi and
smokeping-fcgid.conf with mod_fcgid), each rendered for a temp site and served by a real
apache2 on a free 127.0.0.1 port: the overview page, a graph and slave POSTs must work.

    apache_examples_test.py SMOKEPING SMOKEPING_CGI
Exit 0 pass, 1 fail, 77 skip (apache2 or the module missing, or no ICMP)."""
import os
import pwd
import sys

import example_site as ex

APACHE = '/usr/sbin/apache2'
MODULES = '/usr/lib/apache2/modules'
APACHE_EXAMPLES = os.path.join(ex.ROOT, 'packaging', 'apache')
EXAMPLES = (('smokeping-cgi.conf', 'mod_cgi.so', 'cgi_module'),
            ('smokeping-fcgid.conf', 'mod_fcgid.so', 'fcgid_module'))


def httpd_conf(site, port, module_file, module_name, user):
    d = site.root
    modules = [('mpm_prefork_module', 'mod_mpm_prefork.so'), ('authz_core_module',
               'mod_authz_core.so'), ('alias_module', 'mod_alias.so'),
               ('mime_module', 'mod_mime.so'), ('env_module', 'mod_env.so'),
               (module_name, module_file)]
    load = ''.join('LoadModule %s %s/%s\n' % (n, MODULES, f) for n, f in modules)
    run_as = 'User %s\nGroup %s\n' % (user, user) if user else ''
    fcgid = ''
    if module_name == 'fcgid_module':
        fcgid = 'FcgidIPCDir {d}/run/fcgid\nFcgidProcessTableFile {d}/run/fcgid_shm\n'.format(d=d)
    return '''ServerRoot {d}
ServerName localhost
Listen 127.0.0.1:{port}
PidFile {d}/run/apache2.pid
DefaultRuntimeDir {d}/run
Mutex file:{d}/run default
ErrorLog {d}/logs/error.log
LogLevel warn
{load}{run_as}TypesConfig /etc/mime.types
{fcgid}Include {d}/site.conf
'''.format(d=d, port=port, load=load, run_as=run_as, fcgid=fcgid)


def run_example(name, module_file, module_name, smokeping, cgi):
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam('www-data')
            user = 'www-data'
        except KeyError:
            print('%s: SKIP, no www-data user to run Apache as' % name)
            return ex.SKIP
    site = ex.ExampleSite(smokeping, cgi, world_writable=True)
    group = None
    try:
        if not site.make_rrds():
            return ex.SKIP
        if user:
            site.give_secrets_to(user)
        port = ex.webserver.free_port()
        cgi_dir = os.path.dirname(cgi)
        text = ex.render(os.path.join(APACHE_EXAMPLES, name), [
            ('/usr/lib/cgi-bin/smokeping.cgi', cgi),
            ('"/usr/lib/cgi-bin"', '"%s"' % cgi_dir),
            ('/var/cache/smokeping/images', site.path('cache/images')),
            ('/usr/share/smokeping/www', site.path('www')),
            ('/etc/smokeping/config', site.config)])
        site.write('site.conf', text)
        site.write('httpd.conf', httpd_conf(site, port, module_file, module_name, user))
        group = ex.webserver._Group([APACHE, '-f', site.path('httpd.conf'), '-DFOREGROUND'],
                                    site.path('logs', 'apache2.out'))
        if not ex.wait_listening(port, group):
            print('%s: apache2 did not start' % name)
            ex.dump_logs(site)
            return 1
        failures = ex.check_site('http://127.0.0.1:%d' % port)
        for failure in failures:
            print('%s: FAIL %s' % (name, failure))
        if failures:
            ex.dump_logs(site)
            return 1
        print('%s: overview page, graph, slave POSTs OK' % name)
        return 0
    finally:
        if group is not None:
            group.stop()
        site.cleanup()


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    smokeping, cgi = (os.path.abspath(a) for a in sys.argv[1:])
    if not os.access(APACHE, os.X_OK):
        print('SKIP: apache2 is not installed')
        return ex.SKIP
    status = 0
    ran = 0
    for name, module_file, module_name in EXAMPLES:
        if not os.path.exists(os.path.join(MODULES, module_file)):
            print('%s: SKIP, %s is not installed' % (name, module_file))
            continue
        result = run_example(name, module_file, module_name, smokeping, cgi)
        if result == ex.SKIP:
            continue
        ran += 1
        if result != 0:
            status = 1
    if status == 0 and ran == 0:
        return ex.SKIP
    return status


if __name__ == '__main__':
    sys.exit(main())
