#!/usr/bin/env python3
"""The packaged master merges the slave data of nested targets: the CGI runs as www-data, the
daemon as smokeping, and dyndir is shared between them (setgid). The CGI creates the
directories of groups (`dyndir/Local/Sub/`) itself, so that directory must let the daemon rename
and delete the `.slave_cache` files in it.

1. Packaged layout (dyndir www-data:smokeping 2775, umask 022): a round posted through the CGI
   for `/Local/Sub/lo1` lands in `Local/Sub/lo1~slave1.rrd`; no `.slave_cache`/`.taking` is
   left; `dyndir/Local` and `dyndir/Local/Sub` are 2775, group smokeping.
2. The layout of the original package (dyndir smokeping:www-data 2775): the daemon may not
   take the file; it says so once, naming the directory, however many rounds pass, and keeps
   the data. Once the directory is repaired as postinst does (www-data:smokeping 2775), the
   next round merges the data and says the directory is writable again.

Root only (it switches users); users www-data and smokeping must exist (Debian's smokeping
package creates the latter). Only 127.0.0.1 is used.
Usage: dyndir_users_test.py SMOKEPING_BINARY SMOKEPING_CGI
Exit status: 0 passed, 1 failed, 77 skipped."""
import grp
import hashlib
import hmac
import os
import pwd
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smokeping_env import Daemon, Site  # noqa: E402

PINGS = 3
SECRET = 's3cret-one'
TARGETS = '''+ Local
menu = Local
title = Local
slaves = slave1
++ Sub
menu = Sub
title = Sub
+++ lo1
host = 127.0.0.1
'''
DENIED = 'slave cache directory not writable by the daemon'


def multipart(fields, boundary='xYzZY'):
    out = b''
    for name, value in fields:
        out += (b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                % (boundary.encode(), name.encode(), value.encode()))
    return out + b'--%s--\r\n' % boundary.encode()


def slave_post(data, config_time):
    key = hmac.new(SECRET.encode(), data.encode(), hashlib.md5).hexdigest()
    return multipart([('slave', 'slave1'), ('key', key), ('protocol', '2'), ('data', data),
                      ('config_time', str(config_time))])


def update_string(ms):
    rtt = '%.10e' % (ms / 1000)
    return 'U:0:%s:%s' % (rtt, ':'.join([rtt] * PINGS))


def run_cgi_as_www_data(cgi, config, body):
    """Plain CGI, as fcgiwrap runs it: user www-data, umask 022."""
    env = {'PATH': '/usr/bin:/bin', 'GATEWAY_INTERFACE': 'CGI/1.1', 'REQUEST_METHOD': 'POST',
           'SCRIPT_NAME': '/smokeping.cgi', 'REQUEST_URI': '/smokeping.cgi',
           'SERVER_SOFTWARE': 'integration-test', 'REMOTE_ADDR': '127.0.0.1',
           'SERVER_PROTOCOL': 'HTTP/1.1', 'CONTENT_TYPE': 'multipart/form-data; boundary=xYzZY',
           'CONTENT_LENGTH': str(len(body))}
    env.update({k: v for k, v in os.environ.items() if k.endswith('SAN_OPTIONS')})
    argv = ['setpriv', '--reuid=www-data', '--regid=www-data', '--init-groups', cgi, config]
    proc = subprocess.run(argv, input=body, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60, preexec_fn=lambda: os.umask(0o22))
    return proc.stdout, proc.stderr.decode('utf-8', 'replace')


def lastupdate(path):
    out = subprocess.run(['rrdtool', 'lastupdate', path], check=True,
                         stdout=subprocess.PIPE).stdout.decode().split('\n')
    stamp, _, values = out[2].partition(':')
    return int(stamp), values.split()


def leftovers(root):
    return sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files
                  if f.endswith(('.slave_cache', '.taking', '.taking.new', '.journal')))


class Master:
    """A site with dyndir owned `dyn_owner:dyn_group` 2775 and the daemon as smokeping."""

    def __init__(self, binary, dyn_owner, dyn_group):
        self.site = Site(prefix='sp-dyndir-it-')
        site = self.site
        os.chmod(site.root, 0o755)
        sp = pwd.getpwnam('smokeping')
        for d in ('data', 'run'):
            os.chown(site.path(d), sp.pw_uid, sp.pw_gid)
        self.dyn = site.path('dyn')
        os.mkdir(self.dyn)
        os.chown(self.dyn, pwd.getpwnam(dyn_owner).pw_uid, grp.getgrnam(dyn_group).gr_gid)
        os.chmod(self.dyn, 0o2775)
        secrets = site.write('secrets', 'slave1:%s\n' % SECRET, 0o600)
        os.chown(secrets, pwd.getpwnam('www-data').pw_uid, -1)
        probes = ('+ FPing\nbinary = %s\n\n*** Slaves ***\nsecrets = %s\n+ slave1\n'
                  'display_name = slave1\ncolor = 0000ff\n' % (site.path('fping'), secrets))
        self.config = site.config(TARGETS, step=5, pings=PINGS, probes=probes,
                                  extra_general='dyndir = %s' % self.dyn)
        os.chmod(self.config, 0o644)
        self.config_time = int(os.stat(self.config).st_mtime)
        self.rrd = site.path('data', 'Local', 'Sub', 'lo1~slave1.rrd')
        self.cache = self.dyn + '//Local/Sub/lo1.slave1.slave_cache'
        self.daemon = Daemon(binary, self.config, site.path('daemon.log'), ['--user=smokeping'])

    def post(self, cgi, when, ms):
        data = '/Local/Sub/lo1\t%d\t%s' % (when, update_string(ms))
        out, log = run_cgi_as_www_data(cgi, self.config, slave_post(data, self.config_time))
        assert out.startswith(b'Status: 200') and out.endswith(b'\r\n\r\nOK\n'), (out, log)
        assert os.path.exists(self.cache), 'the CGI stored the round: %s\n%s' % (self.cache, log)

    def wait_rrd(self):
        self.daemon.wait_for(lambda: os.path.exists(self.rrd), 60, self.rrd)

    def merged(self, when):
        try:
            return lastupdate(self.rrd)[0] == when and not os.path.exists(self.cache)
        except (subprocess.CalledProcessError, IndexError):
            return False

    def stop(self):
        self.daemon.stop()
        self.site.cleanup()


def packaged_layout_merges(binary, cgi):
    m = Master(binary, 'www-data', 'smokeping')
    try:
        m.wait_rrd()
        when = int(time.time())
        m.post(cgi, when, 12.5)
        made = [os.stat(os.path.join(m.dyn, *p)) for p in (['Local'], ['Local', 'Sub'])]
        m.daemon.wait_for(lambda: m.merged(when), 60, 'the slave row in ' + m.rrd)
        stamp, values = lastupdate(m.rrd)
        assert abs(float(values[2]) - 0.0125) < 1e-9, 'median of the posted round: %s' % values
        assert leftovers(m.dyn) == [], 'files left: %s' % leftovers(m.dyn)
        for st in made:
            assert stat.S_IMODE(st.st_mode) == 0o2775, oct(st.st_mode)
            assert st.st_gid == grp.getgrnam('smokeping').gr_gid, st.st_gid
        assert DENIED not in m.daemon.output(), m.daemon.output()
        print('ok: packaged layout: dyn/Local{,/Sub} 2775 group smokeping, row merged, nothing left')
    finally:
        m.stop()


def original_layout_is_reported_once(binary, cgi):
    m = Master(binary, 'smokeping', 'www-data')
    try:
        m.wait_rrd()
        when = int(time.time())
        m.post(cgi, when, 7.5)
        start = m.daemon.rounds()
        m.daemon.wait_for(lambda: m.daemon.rounds() >= start + 3, 60, '3 more rounds')
        out = m.daemon.output()
        assert out.count(DENIED) == 1, 'said once in 3 rounds:\n' + out
        line = next(l for l in out.splitlines() if DENIED in l)
        assert 'dir=%s//Local/Sub ' % m.dyn in line and 'Permission denied' in line, line
        assert os.path.exists(m.cache), 'the data are kept'
        assert not os.path.exists(m.cache + '.taking')
        print('ok: original layout: one error naming the directory: ' + line.strip())

        # Repaired as postinst does: the kept data are merged at the next round.
        for local in (os.path.join(m.dyn, 'Local'), os.path.join(m.dyn, 'Local', 'Sub')):
            os.chown(local, pwd.getpwnam('www-data').pw_uid, grp.getgrnam('smokeping').gr_gid)
            os.chmod(local, 0o2775)
        m.daemon.wait_for(lambda: m.merged(when), 60, 'the kept row in ' + m.rrd)
        assert leftovers(m.dyn) == [], 'files left: %s' % leftovers(m.dyn)
        assert 'slave cache directory writable again dir=%s//Local/Sub' % m.dyn in m.daemon.output()
        print('ok: repaired directory: the kept row is merged, nothing left')
    finally:
        m.stop()


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    binary, cgi = (os.path.abspath(p) for p in sys.argv[1:])
    if os.geteuid() != 0:
        print('SKIP: needs root to run the CGI and the daemon as two users')
        return 77
    try:
        pwd.getpwnam('www-data')
        pwd.getpwnam('smokeping')
        grp.getgrnam('smokeping')
    except KeyError as e:
        print('SKIP: user or group missing: %s' % e)
        return 77
    for tool in ('setpriv', 'rrdtool'):
        if subprocess.run(['sh', '-c', 'command -v ' + tool], stdout=subprocess.DEVNULL).returncode:
            print('SKIP: %s missing' % tool)
            return 77
    packaged_layout_merges(binary, cgi)
    original_layout_is_reported_once(binary, cgi)
    print('2 passed, 0 failed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
